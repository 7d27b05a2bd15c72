CREATE TABLE "funding_topic_closures" (
	"topic_id" uuid PRIMARY KEY NOT NULL,
	"reason" text NOT NULL,
	"closed_by" uuid,
	"closed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "funding_topic_closures" ADD CONSTRAINT "funding_topic_closures_topic_id_funding_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."funding_topics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_topic_closures" ADD CONSTRAINT "funding_topic_closures_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;