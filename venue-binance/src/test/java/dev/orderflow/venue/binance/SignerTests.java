package dev.orderflow.venue.binance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SignerTests {

    @Test
    void signsTheQueryAsBinancesDocumentedExample() {
        // the example of Binance's "SIGNED endpoint security" documentation
        Signer signer = new Signer("NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j");
        assertThat(signer.sign("symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000"
                + "&timestamp=1499827319559")).isEqualTo("c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71");
    }

    @Test
    void neverShowsTheSecret() {
        assertThat(new Signer("very-secret")).hasToString("Signer[secret=***]");
    }
}
