package dev.llmcost.proxy;

import dev.llmcost.model.LlmcostException;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where {@code /NAME/…} goes: the providers' public APIs, and any {@code --upstream NAME=URL}, which also
 * replaces a built-in one of that name. Each knows the provider its calls are billed by, when it is one.
 */
public final class Upstreams {
    /** One upstream: its base URL (no trailing slash) and the provider its calls are billed by, or null. */
    public record Upstream(String name, URI base, String provider) {
    }

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");

    private static final Map<String, Upstream> BUILT_IN = new LinkedHashMap<>();

    static {
        add(BUILT_IN, "openai", "https://api.openai.com", "openai");
        add(BUILT_IN, "anthropic", "https://api.anthropic.com", "anthropic");
        add(BUILT_IN, "gemini", "https://generativelanguage.googleapis.com", "google");
        add(BUILT_IN, "openrouter", "https://openrouter.ai/api", "openrouter");
    }

    private final Map<String, Upstream> byName;

    private Upstreams(Map<String, Upstream> byName) {
        this.byName = byName;
    }

    /**
     * The built-in upstreams (unless {@code builtIn} is false: tests never reach a real provider) with
     * {@code given} ({@code NAME=URL} each) added or put in their place.
     */
    public static Upstreams of(List<String> given, boolean builtIn) {
        Map<String, Upstream> all = new LinkedHashMap<>(builtIn ? BUILT_IN : Map.of());
        for (String spec : given) {
            int equals = spec.indexOf('=');
            String name = equals < 0 ? "" : spec.substring(0, equals).toLowerCase(Locale.ROOT);
            if (!NAME.matcher(name).matches()) {
                throw LlmcostException.usage("--upstream: expected NAME=URL with NAME of letters, digits, - or _, got '"
                        + spec + "'");
            }
            String url = spec.substring(equals + 1);
            URI uri;
            try {
                uri = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
            } catch (IllegalArgumentException e) {
                throw LlmcostException.usage("--upstream " + name + ": not a URL: '" + url + "'");
            }
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null
                    || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw LlmcostException.usage("--upstream " + name + ": expected http(s)://HOST[:PORT][/PATH], got '"
                        + url + "'");
            }
            Upstream known = BUILT_IN.get(name);
            all.put(name, new Upstream(name, uri, known == null ? null : known.provider()));
        }
        if (all.isEmpty()) {
            throw LlmcostException.usage("no upstream to forward to: give --upstream NAME=URL");
        }
        return new Upstreams(all);
    }

    private static void add(Map<String, Upstream> map, String name, String url, String provider) {
        map.put(name, new Upstream(name, URI.create(url), provider));
    }

    /** The upstream a request path names ({@code /openai/v1/…} → openai), or null. */
    public Upstream forPath(String rawPath) {
        int end = rawPath.indexOf('/', 1);
        String name = end < 0 ? rawPath.substring(1) : rawPath.substring(1, end);
        return byName.get(name.toLowerCase(Locale.ROOT));
    }

    public Map<String, Upstream> all() {
        return byName;
    }
}
