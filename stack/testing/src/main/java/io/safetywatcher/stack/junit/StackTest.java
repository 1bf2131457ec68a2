package io.safetywatcher.stack.junit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test class that runs against the shared real stack ({@link RealStackExtension}) and so
 * belongs to the integration lane: tagged {@value RealStackExtension#TAG}, which {@code mvn test}
 * (surefire) leaves out and {@code mvn verify} (failsafe) runs. A test that starts servers, a
 * Spark session or a child program of its own carries the plain {@code @Tag("stack")} instead.
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Tag(RealStackExtension.TAG)
@ExtendWith(RealStackExtension.class)
public @interface StackTest {
}
