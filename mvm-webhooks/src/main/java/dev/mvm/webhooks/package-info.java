/**
 * Webhooks: {@link dev.mvm.webhooks.WebhookNotifier} posts every registry event as signed JSON to an HTTP
 * endpoint, with retries, and keeps a record of every delivery attempt.
 */
@NullMarked
package dev.mvm.webhooks;

import org.jspecify.annotations.NullMarked;
