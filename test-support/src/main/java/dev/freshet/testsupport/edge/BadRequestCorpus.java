package dev.freshet.testsupport.edge;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A seeded generator of bad requests against a service's endpoints: each request starts from a valid
 * one and breaks it in one way (hostile path or query text, a body with a wrong type, forbidden
 * characters, broken or hostile JSON, a wrong method or content type, a size past a limit). The same
 * seed gives the same requests, so a failure can be replayed.
 */
public final class BadRequestCorpus {

    /** Raw path or query pieces as sent: escapes that are malformed, not UTF-8, unstorable, or look-alikes. */
    static final String[] HOSTILE_URI_TEXT = {
            "%00", "Z%00X", "AB%00", "%zz", "%", "%%", "%4", "%E2%80%8B", "A%E2%80%8BAPL", "%D0%90APL", "%ED%A0%80",
            "%ED%B0%80x", "%C0%80", "%FF", "%C3%28", "%F0%9F%98", "..", "%2e%2e", "..%2F..%2Fetc%2Fpasswd",
            "%252e%252e%252f", "%2500", "%25zz", "1e999999", "99999999999999999999999999999999999999", "-1",
            "%EF%BC%A1%EF%BC%A1", "%7B%22%24ne%22%3A1%7D", "%0D%0AX-Injected:%201", "%01%02%1F", "%7F", "%C2%A0",
            "%EF%BF%BE", "%F4%90%80%80"};
    /** Characters sent raw in the request line (not percent-encoded), as a careless client might. */
    static final String[] RAW_URI_TEXT = {"dat\u00e9", "\u0410APL", "\u200b", "caf\u00e9%00"};
    /** JSON values put where a string is expected. */
    static final String[] HOSTILE_JSON_VALUES = {
            "\"\\u0000\"", "\"a\\u0000b\"", "\"\\ud800\"", "\"\\udc00x\"", "\"x\\ud83d\"", "\"\\u200b\"", "\"\\u200bquote\"",
            "\"ＡＡＰＬ\"", "\"\\u0410APL\"", "false", "true", "0", "-1", "1.5", "[]", "{}", "[\"a\"]", "{\"$ne\":1}", "null",
            "1e999999", "123456789012345678901234567890123456789", "9".repeat(200), "-" + "9".repeat(150),
            "\"" + "x".repeat(5000) + "\"", "\"../../etc/passwd\"", "\"%00\"", "\"quote'; drop table registry; --\""};
    static final String[] WRONG_METHODS = {"PUT", "PATCH", "DELETE", "POST", "GET", "FOO", "CONNECT"};
    static final String[] WRONG_CONTENT_TYPES = {"text/plain", "application/xml", "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x", "application/json-patch+json", "image/png", ""};
    static final byte[][] INVALID_UTF8 = {{(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {(byte) 0xC0, (byte) 0x80}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82}};

    private static final Pattern STRING_VALUE = Pattern.compile(":\\s*(\"(?:[^\"\\\\]|\\\\.)*\")");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-zA-Z0-9]+)}");

    private final List<Endpoint> endpoints;
    private final IntFunction<Map<String, String>> headers;
    private final IntFunction<String> client;

    /**
     * @param headers extra headers for request number i (credentials)
     * @param client  the client id for request number i, put where a body says {@code {{client}}}
     */
    public BadRequestCorpus(List<Endpoint> endpoints, IntFunction<Map<String, String>> headers, IntFunction<String> client) {
        this.endpoints = List.copyOf(endpoints);
        this.headers = headers;
        this.client = client;
    }

    public List<RawRequest> generate(long seed, int count) {
        Random random = new Random(seed);
        List<RawRequest> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(one(random, i));
        }
        return out;
    }

    private RawRequest one(Random random, int i) {
        Endpoint e = endpoints.get(random.nextInt(endpoints.size()));
        String body = e.body() == null ? null : e.body().replace("{{client}}", client.apply(i));
        Draft d = new Draft(e.method(), path(e, null, -1), query(e.query(), null, null), body == null ? null : bytes(body),
                body == null ? null : "application/json", headers.apply(i));
        int kind = random.nextInt(e.body() == null ? 5 : 9);
        String label;
        switch (kind) {
            case 0, 1 -> {
                String hostile = pick(random, HOSTILE_URI_TEXT);
                int placeholders = PLACEHOLDER.matcher(e.path()).results().toList().size();
                d.path = placeholders == 0 ? e.path() + "/" + hostile : path(e, hostile, random.nextInt(placeholders));
                label = "path text " + hostile;
            }
            case 2 -> {
                String hostile = random.nextInt(4) == 0 ? pick(random, RAW_URI_TEXT) : pick(random, HOSTILE_URI_TEXT);
                if (random.nextBoolean() && !e.query().isEmpty()) {
                    String name = pick(random, e.query().keySet().toArray(String[]::new));
                    d.query = query(e.query(), name, hostile);
                    label = "query value " + name + "=" + hostile;
                } else {
                    d.query = (d.query.isEmpty() ? "?" : d.query + "&") + (random.nextBoolean() ? hostile + "=1" : "x=" + hostile);
                    label = "query text " + hostile;
                }
            }
            case 3 -> {
                d.method = pick(random, WRONG_METHODS);
                label = "method " + d.method;
            }
            case 4 -> {
                label = limit(random, d);
            }
            case 5 -> {
                String value = pick(random, HOSTILE_JSON_VALUES);
                List<MatchResult> strings = stringValues(body);
                if (strings.isEmpty()) {
                    d.body = bytes(body.replaceFirst("\\{", "{\"unexpected\":" + Matcher.quoteReplacement(value) + ","));
                } else {
                    MatchResult m = strings.get(random.nextInt(strings.size()));
                    d.body = bytes(body.substring(0, m.start) + value + body.substring(m.end));
                }
                label = "body value " + abbreviate(value);
            }
            case 6 -> {
                d.contentType = pick(random, WRONG_CONTENT_TYPES);
                label = "content type '" + d.contentType + "'";
            }
            default -> {
                label = brokenJson(random, d, body);
            }
        }
        return new RawRequest(label, d.bytes());
    }

    private static String limit(Random random, Draft d) {
        switch (random.nextInt(3)) {
            case 0 -> {
                d.query = (d.query.isEmpty() ? "?" : d.query + "&") + "pad=" + "a".repeat(9000 + random.nextInt(20000));
                return "request target past the limit";
            }
            case 1 -> {
                if (random.nextBoolean()) {
                    d.extra.put("X-Padding", "b".repeat(17000 + random.nextInt(30000)));
                } else {
                    for (int h = 0; h < 400; h++) {
                        d.extra.put("X-Flood-" + h, "c".repeat(40));
                    }
                }
                return "headers past the limit";
            }
            default -> {
                d.declaredLength = 2L * 1024 * 1024 + random.nextInt(1_000_000);
                d.body = bytes("{\"a\":\"");
                d.contentType = "application/json";
                if (d.method.equals("GET")) {
                    d.method = "POST";
                }
                return "declared body past the limit";
            }
        }
    }

    private static String brokenJson(Random random, Draft d, String body) {
        switch (random.nextInt(9)) {
            case 0 -> {
                d.body = bytes(body.substring(0, random.nextInt(body.length())));
                return "truncated JSON";
            }
            case 1 -> {
                int depth = 65 + random.nextInt(5000);
                d.body = bytes("[".repeat(depth) + "]".repeat(depth));
                return "nesting " + depth + " deep";
            }
            case 2 -> {
                int depth = 65 + random.nextInt(2000);
                String nested = "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
                d.body = bytes(body.replaceFirst("\\{", "{\"deep\":" + Matcher.quoteReplacement(nested) + ","));
                return "field nested " + depth + " deep";
            }
            case 3 -> {
                int colon = body.indexOf("\":");
                int open = body.lastIndexOf('"', colon - 1);
                String key = colon < 0 || open < 0 ? "\"x\"" : body.substring(open, colon + 1);
                d.body = bytes(body.replaceFirst("\\{", "{" + Matcher.quoteReplacement(key) + ":\"dup\","));
                return "duplicate key " + key;
            }
            case 4 -> {
                String[] trailing = {" {}", "x", " 1", ",", "]", " \"more\"", "{}{}"};
                String t = pick(random, trailing);
                d.body = bytes(body + t);
                return "trailing '" + t + "'";
            }
            case 5 -> {
                byte[] bad = INVALID_UTF8[random.nextInt(INVALID_UTF8.length)];
                byte[] original = bytes(body);
                int at = stringValues(body).isEmpty() ? random.nextInt(original.length) : stringValues(body).get(0).start + 1;
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                b.write(original, 0, at);
                b.writeBytes(bad);
                b.write(original, at, original.length - at);
                d.body = b.toByteArray();
                return "invalid UTF-8 in the body";
            }
            case 6 -> {
                String[] whole = {"", "null", "[]", "\"text\"", "42", "true", "{", "}", "\uFEFF{}", "{\"a\":1e999999}",
                        "{\"a\":" + "1".repeat(5000) + "}", "{\"" + "k".repeat(2000) + "\":1}"};
                String w = pick(random, whole);
                d.body = bytes(w);
                return "body " + abbreviate(w);
            }
            case 7 -> {
                d.body = bytes(body.replace("\"", "'"));
                return "single-quoted JSON";
            }
            default -> {
                int n = 1000 + random.nextInt(20000);
                StringBuilder array = new StringBuilder("[");
                for (int k = 0; k < n; k++) {
                    array.append(k == 0 ? "" : ",").append("\"c").append(k).append('"');
                }
                array.append(']');
                List<MatchResult> strings = stringValues(body);
                d.body = strings.isEmpty() ? bytes(body.replaceFirst("\\{", "{\"many\":" + array + ","))
                        : bytes(body.substring(0, strings.get(0).start) + array + body.substring(strings.get(0).end));
                return "array of " + n + " entries";
            }
        }
    }

    private static String path(Endpoint e, String hostile, int which) {
        Matcher m = PLACEHOLDER.matcher(e.path());
        StringBuilder out = new StringBuilder();
        int index = 0;
        while (m.find()) {
            String value = index == which ? hostile : e.pathValues().getOrDefault(m.group(1), "x");
            m.appendReplacement(out, Matcher.quoteReplacement(value));
            index++;
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String query(Map<String, String> valid, String replaced, String value) {
        if (valid.isEmpty()) {
            return "";
        }
        StringBuilder q = new StringBuilder("?");
        valid.forEach((k, v) -> q.append(q.length() > 1 ? "&" : "").append(k).append('=').append(k.equals(replaced) ? value : v));
        return q.toString();
    }

    private record MatchResult(int start, int end) {
    }

    private static List<MatchResult> stringValues(String body) {
        List<MatchResult> out = new ArrayList<>();
        Matcher m = STRING_VALUE.matcher(body);
        while (m.find()) {
            out.add(new MatchResult(m.start(1), m.end(1)));
        }
        return out;
    }

    private static String pick(Random random, String[] options) {
        return options[random.nextInt(options.length)];
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…(" + s.length() + ")" : s;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A request being built; written out as HTTP/1.1 with Connection: close. */
    private static final class Draft {
        String method;
        String path;
        String query;
        byte[] body;
        String contentType;
        long declaredLength = -1;
        final Map<String, String> extra = new java.util.LinkedHashMap<>();

        Draft(String method, String path, String query, byte[] body, String contentType, Map<String, String> headers) {
            this.method = method;
            this.path = path;
            this.query = query;
            this.body = body;
            this.contentType = contentType;
            this.extra.putAll(headers);
        }

        byte[] bytes() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            StringBuilder head = new StringBuilder();
            head.append(method).append(' ').append(path).append(query).append(" HTTP/1.1\r\n")
                    .append("Host: localhost\r\nConnection: close\r\n");
            extra.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            if (contentType != null && !contentType.isEmpty() && body != null) {
                head.append("Content-Type: ").append(contentType).append("\r\n");
            }
            if (body != null) {
                head.append("Content-Length: ").append(declaredLength >= 0 ? declaredLength : body.length).append("\r\n");
            }
            head.append("\r\n");
            out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
            if (body != null) {
                out.writeBytes(body);
            }
            return out.toByteArray();
        }
    }
}
