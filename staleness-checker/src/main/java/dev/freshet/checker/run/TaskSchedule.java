package dev.freshet.checker.run;

import java.time.Duration;

/** How often the scheduler runs a task; a disabled task is never scheduled (it can still be run by hand). */
public record TaskSchedule(Duration every, boolean enabled) {
}
