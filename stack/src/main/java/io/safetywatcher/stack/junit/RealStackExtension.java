package io.safetywatcher.stack.junit;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test class a real Cassandra and a real Kafka, with the topics and the schema in
 * place: {@code @ExtendWith(RealStackExtension.class)} and a {@link StackEndpoints} parameter.
 * One stack serves the whole test run and is stopped at its end. Testcontainers where a Docker
 * engine answers, otherwise the stack module's child JVMs; a test never skips for want of Docker.
 */
public final class RealStackExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RealStackExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        stack(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == StackEndpoints.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return stack(context).endpoints();
    }

    private static RunningStack stack(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("stack", key -> startStack(), RunningStack.class);
    }

    private static RunningStack startStack() {
        if (testcontainersPresent() && ContainerTestStack.dockerAvailable()) {
            return ContainerTestStack.start();
        }
        return EmbeddedTestStack.start();
    }

    private static boolean testcontainersPresent() {
        try {
            Class.forName("org.testcontainers.DockerClientFactory", false, RealStackExtension.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
