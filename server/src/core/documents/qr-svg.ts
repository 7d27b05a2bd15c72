import { encode } from 'uqr';

/**
 * The QR code of `text` as a small standalone SVG, one unit per module with the four-module quiet
 * zone the standard asks for. Error correction M: a certificate gets folded and stamped over.
 * Runs of dark modules become one rectangle each, and crispEdges keeps a scaled-up code from
 * showing hairlines between them.
 */
export function qrSvg(text: string): string {
  const { data, size } = encode(text, { ecc: 'M', border: 4 });
  let path = '';
  data.forEach((row, y) => {
    for (let x = 0; x < size; x++) {
      if (!row[x]) continue;
      let run = 1;
      while (x + run < size && row[x + run]) run++;
      path += `M${x} ${y}h${run}v1h-${run}z`;
      x += run - 1;
    }
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" shape-rendering="crispEdges">` +
    `<rect width="${size}" height="${size}" fill="#fff"/><path fill="#000" d="${path}"/></svg>`
  );
}
