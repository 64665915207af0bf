"""Push notifications: VAPID keys, device subscriptions, preferences, the outbox and the worker that sends it."""
