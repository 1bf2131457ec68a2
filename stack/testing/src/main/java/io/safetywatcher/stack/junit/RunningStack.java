package io.safetywatcher.stack.junit;

import org.junit.jupiter.api.extension.ExtensionContext;

/** A stack started for a test run, stopped when the run's root context closes. */
interface RunningStack extends ExtensionContext.Store.CloseableResource {
    StackEndpoints endpoints();
}
