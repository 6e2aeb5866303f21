package io.tweetstream.application.port.out;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TaskResourcesTest {

    private final AtomicInteger borrowed = new AtomicInteger();
    private final List<String> returned = new ArrayList<>();
    private final TaskResources shared = new TaskResources();

    private String borrow() {
        return "producer-" + borrowed.incrementAndGet();
    }

    @Test
    void twoSinksOfOneTaskShareOneResourceAndTheLastReleaseGivesItBack() {
        String forOutputs = shared.acquire("cluster-a", this::borrow, returned::add);
        String forDeadLetters = shared.acquire("cluster-a", this::borrow, returned::add);

        assertThat(forDeadLetters).isSameAs(forOutputs);
        assertThat(borrowed).hasValue(1);

        shared.release("cluster-a");
        assertThat(returned).isEmpty();
        shared.release("cluster-a");
        assertThat(returned).containsExactly("producer-1");
        assertThat(shared.held()).isZero();
    }

    @Test
    void differentKeysAreDifferentResourcesAndAReleasedKeyIsBorrowedAfresh() {
        String a = shared.acquire("cluster-a", this::borrow, returned::add);
        String b = shared.acquire("cluster-b", this::borrow, returned::add);
        assertThat(a).isNotEqualTo(b);
        shared.release("cluster-a");

        assertThat(shared.acquire("cluster-a", this::borrow, returned::add)).isEqualTo("producer-3");
        assertThat(shared.held()).isEqualTo(2);
    }

    @Test
    void releasingWhatIsNotHeldIsABug() {
        assertThatThrownBy(() -> shared.release("nothing")).isInstanceOf(IllegalStateException.class);
    }
}
