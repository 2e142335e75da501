DROP INDEX "webhook_deliveries_subscription_event_key";--> statement-breakpoint
DROP INDEX "webhook_deliveries_number_idx";