package dev.freshet.testsupport;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.ObserverMethod;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The order in which a running application's beans observe its start-up, as its CDI container resolves it. */
public final class StartupObservers {

    private final Set<ObserverMethod<? super StartupEvent>> observers;

    private StartupObservers(BeanManager beans) {
        this.observers = beans.resolveObserverMethods(new StartupEvent());
    }

    public static StartupObservers of(BeanManager beans) {
        return new StartupObservers(beans);
    }

    /** Asserts that {@code later}'s start-up observer runs after those of every one of {@code first}. */
    public void assertRunsAfter(Class<?> later, Class<?>... first) {
        int priority = priorityOf(later);
        for (Class<?> earlier : first) {
            int before = priorityOf(earlier);
            assertTrue(priority > before, () -> "%s observes start-up at priority %d, not after %s (%d)"
                    .formatted(later.getSimpleName(), priority, earlier.getSimpleName(), before));
        }
    }

    private int priorityOf(Class<?> bean) {
        return observers.stream().filter(o -> o.getBeanClass().equals(bean)).mapToInt(ObserverMethod::getPriority).max()
                .orElseThrow(() -> new AssertionError("no start-up observer on " + bean.getName()));
    }
}
