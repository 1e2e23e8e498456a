package dev.awm.junit;

import dev.awm.core.EnvironmentDefinition;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.function.Supplier;

/**
 * Marks an {@code EnvironmentHandle} test parameter or field to be filled by {@link AwmExtension}
 * with a fresh handle: of a starter environment ({@link #value()}), of the definition a
 * {@link #definition()} supplier gives, or of the environment an {@link #environment()} supplier
 * builds. Exactly one of the three. The handle is closed when the test is done (when the class is
 * done, for a handle the whole class asks for, such as a {@code @BeforeAll} parameter).
 */
@Target({ElementType.PARAMETER, ElementType.FIELD})
@Retention(RetentionPolicy.RUNTIME)
public @interface AwmEnvironment {
  /**
   * A starter environment's name ({@code e_commerce}, {@code calendar_booking}, {@code project_tracker}).
   *
   * @return the starter environment's name, or empty when {@link #definition()} or {@link #environment()}
   *     gives it
   */
  String value() default "";

  /**
   * A supplier of the definition (a class with a public no-argument constructor).
   *
   * @return the class whose instance supplies the definition, or {@code None} when not used
   */
  Class<? extends Supplier<EnvironmentDefinition>> definition() default None.class;

  /**
   * A supplier of a built {@code Environment} (for environments with host-code tools, built with
   * {@code EnvironmentBuilder}); a class with a public no-argument constructor.
   *
   * @return the class whose instance supplies the environment, or {@code NoEnvironment} when not used
   */
  Class<? extends Supplier<dev.awm.runtime.Environment>> environment() default NoEnvironment.class;

  /** The default of {@link #environment()}: none. */
  final class NoEnvironment implements Supplier<dev.awm.runtime.Environment> {
    /** The marker; the extension recognises the class and never asks it for an environment. */
    public NoEnvironment() {}

    @Override
    public dev.awm.runtime.Environment get() {
      throw new UnsupportedOperationException();
    }
  }

  /** The default of {@link #definition()}: none. */
  final class None implements Supplier<EnvironmentDefinition> {
    /** The marker; the extension recognises the class and never asks it for a definition. */
    public None() {}

    @Override
    public EnvironmentDefinition get() {
      throw new UnsupportedOperationException();
    }
  }
}
