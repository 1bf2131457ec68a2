package io.safetywatcher.stack.junit;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.util.Optional;

/**
 * Gives a test class a real Cassandra and a real Kafka, with the topics and the schema in
 * place: {@link StackTest} on the class and a {@link StackEndpoints} parameter. One stack serves
 * the whole test run and is stopped at its end. Testcontainers where a Docker engine answers,
 * otherwise the stack module's child JVMs; a test never skips for want of Docker. A class that
 * uses it must be tagged {@value #TAG} ({@link StackTest} brings the tag and this extension), so
 * that it runs in the integration lane ({@code mvn verify}) and never in the fast one
 * ({@code mvn test}); an untagged one fails before any server starts.
 */
public final class RealStackExtension implements BeforeAllCallback, ParameterResolver {
    /** The tag of the integration lane: surefire leaves these tests out, failsafe runs them. */
    public static final String TAG = "stack";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RealStackExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        requireTag(context);
        stack(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == StackEndpoints.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        requireTag(context);
        return stack(context).endpoints();
    }

    /** Refuses a test that would start the stack without being tagged for the integration lane. */
    static void requireTag(ExtensionContext context) {
        for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
            if (c.get().getTags().contains(TAG)) {
                return;
            }
        }
        String test = context.getTestClass().map(Class::getName).orElse(context.getDisplayName());
        throw new ExtensionConfigurationException(test + " uses RealStackExtension but is not tagged \"" + TAG
                + "\": annotate the class with @" + StackTest.class.getName() + " (in place of @ExtendWith(RealStackExtension.class))"
                + " or add @Tag(\"" + TAG + "\"), so that it runs in the integration lane (mvn verify) and `mvn test` starts no server.");
    }

    private static RunningStack stack(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("stack", key -> startStack(), RunningStack.class);
    }

    private static RunningStack startStack() {
        TestHome.requireIntegrationLane("the shared test stack");
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
