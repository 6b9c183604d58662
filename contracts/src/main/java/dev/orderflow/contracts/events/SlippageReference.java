package dev.orderflow.contracts.events;

/** The price a filled entry's slippage is measured against ({@code ENTRY_SLIPPAGE.referenceSource}). */
public enum SlippageReference {
    /** The {@code referencePrice} the strategy sent with the order. */
    STRATEGY,
    /**
     * The average price the entry guards expected for the order's quantity, walking the book snapshot they
     * allowed it on (ALLOW or SHADOW_BLOCK; {@code expectedPrice} of the decision).
     */
    GUARDS_EXPECTED,
    /**
     * The touch the gateway read just before sending an entry that had neither (entry guards off): the
     * best ask for a buy, the best bid for a sell.
     */
    BOOK_TOUCH
}
