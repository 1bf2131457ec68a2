package io.safetywatcher.notify.deliver;

import io.safetywatcher.notify.route.Receiver;

/** The body for each format a routing file may ask for. */
public final class Bodies {
    private Bodies() {}

    /**
     * Each webhook's body by receiver name. CAP bodies map events with {@code cap} and take each
     * zone's area from {@code registry} (the latest the program has read).
     */
    public static java.util.Map<String, Body> forWebhooks(java.util.Collection<Receiver> receivers, io.safetywatcher.common.cap.CapSettings cap,
                                                         java.util.function.Supplier<io.safetywatcher.store.registry.Registry> registry) {
        java.util.Map<String, Body> bodies = new java.util.HashMap<>();
        for (Receiver r : receivers) {
            if (r instanceof Receiver.Webhook w) {
                bodies.put(w.name(), switch (w.body()) {
                    case JSON -> new JsonBody();
                    case CAP -> new CapBody(cap, registry);
                });
            }
        }
        return java.util.Map.copyOf(bodies);
    }
}
