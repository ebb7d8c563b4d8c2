package dev.llmcost.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;

/** What every llmcost server checks before it answers: who may ask, and from where. */
public final class HttpGuards {
    private HttpGuards() {
    }

    /**
     * Whether the Host header names the loopback address. A page on another site that resolves its own
     * name to 127.0.0.1 (DNS rebinding) sends its own name here, so a loopback server refuses it.
     */
    public static boolean loopbackHost(String host) {
        if (host == null) {
            return false;
        }
        String name = host.trim().toLowerCase(Locale.ROOT);
        if (name.startsWith("[")) {
            int close = name.indexOf(']');
            return close > 0 && name.substring(0, close + 1).equals("[::1]")
                    && (close + 1 == name.length() || name.charAt(close + 1) == ':');
        }
        int colon = name.indexOf(':');
        String bare = colon < 0 ? name : name.substring(0, colon);
        return bare.equals("localhost") || bare.equals("127.0.0.1");
    }

    /** Whether {@code presented} is {@code token}, compared in constant time. */
    public static boolean sameToken(String token, String presented) {
        return presented != null && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    }
}
