package dev.orderflow.gateway.api;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Scopes a bearer token needs for an endpoint. */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.METHOD, ElementType.TYPE })
public @interface Scopes {

    String ORDERS_READ = "orders:read";
    String ORDERS_WRITE = "orders:write";
    String TRADING_STATE_WRITE = "trading-state:write";

    String[] value();
}
