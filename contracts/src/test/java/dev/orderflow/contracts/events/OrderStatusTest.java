package dev.orderflow.contracts.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class OrderStatusTest {

    @Test
    void everyStatusIsEitherOpenOrTerminal() {
        assertThat(OrderStatus.TERMINAL).containsExactlyInAnyOrder(OrderStatus.BLOCKED, OrderStatus.FILLED, OrderStatus.CANCELED,
                OrderStatus.REJECTED, OrderStatus.EXPIRED);
        assertThat(OrderStatus.TERMINAL).allMatch(OrderStatus::isTerminal);
        assertThat(OrderStatus.OPEN).noneMatch(OrderStatus::isTerminal);
        EnumSet<OrderStatus> all = EnumSet.copyOf(OrderStatus.OPEN);
        all.addAll(OrderStatus.TERMINAL);
        assertThat(all).isEqualTo(EnumSet.allOf(OrderStatus.class));
    }

    @Test
    void anOrderWaitingForTheExchangesOutcomeIsOpenButNotCancelableNow() {
        assertThat(OrderStatus.OPEN).contains(OrderStatus.SUBMITTING, OrderStatus.UNKNOWN);
        assertThat(OrderStatus.CANCELABLE_NOW).doesNotContain(OrderStatus.SUBMITTING, OrderStatus.UNKNOWN)
                .containsExactlyInAnyOrder(OrderStatus.ACCEPTED, OrderStatus.PENDING_GUARDS, OrderStatus.ACKNOWLEDGED,
                        OrderStatus.PARTIALLY_FILLED);
        assertThat(OrderStatus.OPEN_AT_EXCHANGE).containsExactlyInAnyOrder(OrderStatus.ACKNOWLEDGED, OrderStatus.PARTIALLY_FILLED);
        assertThat(OrderStatus.OPEN).containsAll(OrderStatus.CANCELABLE_NOW);
    }

    @Test
    void namesComeInDeclarationOrderAndTheSetsCannotBeChanged() {
        assertThat(OrderStatus.names(OrderStatus.OPEN_AT_EXCHANGE)).containsExactly("ACKNOWLEDGED", "PARTIALLY_FILLED");
        assertThat(OrderStatus.names(OrderStatus.TERMINAL)).containsExactly("BLOCKED", "FILLED", "CANCELED", "REJECTED", "EXPIRED");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OrderStatus.OPEN.add(OrderStatus.FILLED))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
