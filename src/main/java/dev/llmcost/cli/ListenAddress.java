package dev.llmcost.cli;

import dev.llmcost.model.LlmcostException;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** The address a server command ({@code serve}, {@code proxy}) listens on, checked alike for both. */
final class ListenAddress {
    static final int MIN_TOKEN_LENGTH = 16;

    private ListenAddress() {
    }

    /**
     * {@code bind}:{@code port}; any address but loopback needs a token, since anyone who reaches it could
     * otherwise use it ({@code what} says for what).
     */
    static InetSocketAddress of(String bind, int port, String token, String what) {
        if (port < 0 || port > 65535) {
            throw LlmcostException.usage("--port: expected 0 to 65535, got " + port);
        }
        if (token != null && token.length() < MIN_TOKEN_LENGTH) {
            throw LlmcostException.usage("--token: use at least " + MIN_TOKEN_LENGTH + " characters (e.g. openssl rand -hex 24)");
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw LlmcostException.usage("--bind: cannot resolve '" + bind + "'");
        }
        if (!address.isLoopbackAddress() && token == null) {
            throw LlmcostException.usage("--bind " + bind + " is not a loopback address: anyone who can reach it could "
                    + what + "; pass --token (or set LLMCOST_TOKEN)");
        }
        return new InetSocketAddress(address, port);
    }

    /** How a listening address is shown: {@code http://127.0.0.1:8787/}, IPv6 in brackets. */
    static String url(InetSocketAddress address) {
        InetAddress host = address.getAddress();
        return "http://" + (host instanceof java.net.Inet6Address ? "[" + host.getHostAddress() + "]"
                : host.getHostAddress()) + ":" + address.getPort() + "/";
    }
}
