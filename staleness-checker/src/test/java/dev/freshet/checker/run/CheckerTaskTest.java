package dev.freshet.checker.run;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class CheckerTaskTest {

    @Test
    void everyTaskHasItsOwnNameAndLockId() {
        assertThat(Arrays.stream(CheckerTask.values()).map(CheckerTask::lockId)).doesNotHaveDuplicates();
        assertThat(Arrays.stream(CheckerTask.values()).map(CheckerTask::taskName)).doesNotHaveDuplicates();
    }
}
