import { useState } from 'react';

/** Page and page size of a server-paged list; PagedTable reads and updates it. */
export interface Pager {
  page: number;
  pageSize: number;
  /** Filters call setPage(1) so a narrower result does not open on a page past its end. */
  setPage: (page: number) => void;
  onChange: (page: number, pageSize: number) => void;
}

export function usePager(initialPageSize = 20): Pager {
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(initialPageSize);
  return {
    page,
    pageSize,
    setPage,
    onChange: (p, s) => {
      setPage(p);
      setPageSize(s);
    },
  };
}
