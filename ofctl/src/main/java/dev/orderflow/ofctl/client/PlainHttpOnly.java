package dev.orderflow.ofctl.client;

import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * The TLS context of an HTTP client that only ever speaks plain HTTP: it loads nothing, and refuses to make
 * a TLS connection (a request to an https:// address goes through the client with the default context).
 */
final class PlainHttpOnly extends SSLContextSpi {

    static final SSLContext CONTEXT = new SSLContext(new PlainHttpOnly(), null, "none") {
    };

    private PlainHttpOnly() {
    }

    private static IllegalStateException noTls() {
        return new IllegalStateException("a TLS connection through the plain HTTP client: https addresses use the TLS client");
    }

    @Override
    protected void engineInit(KeyManager[] keyManagers, TrustManager[] trustManagers, SecureRandom random) {
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
        throw noTls();
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
        throw noTls();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
        throw noTls();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
        throw noTls();
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
        throw noTls();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
        throw noTls();
    }

    @Override
    protected SSLParameters engineGetDefaultSSLParameters() {
        return new SSLParameters();
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
        return new SSLParameters();
    }
}
