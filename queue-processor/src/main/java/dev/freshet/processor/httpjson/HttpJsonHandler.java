package dev.freshet.processor.httpjson;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.freshet.shared.handler.FailureKind;
import dev.freshet.shared.handler.HttpJsonConfig;
import dev.freshet.shared.handler.HttpJsonConfigValidator;
import dev.freshet.shared.handler.IncrementalColumn;
import dev.freshet.shared.handler.RefreshHandler;
import dev.freshet.shared.handler.RefreshRequest;
import dev.freshet.shared.handler.SymbolOutcome;
import dev.freshet.shared.handler.UpstreamResponse;
import dev.freshet.shared.registry.DataType;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The generic handler: GET a path built from the handler_config, find the records by JSON pointer,
 * map fields to typed columns, apply sanity rules. Multi-symbol endpoints serve a group of jobs
 * with one call; the response's bytes are shared out between the symbols it answered. An
 * incremental data type asks for the range after what is stored, at most maxDaysPerCall days of it,
 * and says when more is due.
 */
@ApplicationScoped
public class HttpJsonHandler implements RefreshHandler {

    private static final Logger LOG = Logger.getLogger(HttpJsonHandler.class);
    /**
     * Answers up to this size are parsed and mapped where they arrived, on the event loop: tens of
     * microseconds, less than handing them to a worker thread and back. Larger ones go to a worker.
     */
    static final int PARSE_IN_PLACE_BYTES = 16 * 1024;

    private final ObjectMapper mapper;
    private final Map<String, Parsed> configs = new ConcurrentHashMap<>();

    private record Parsed(JsonObject source, HttpJsonConfig config, String error) {
    }

    public HttpJsonHandler(ObjectMapper mapper) {
        // provider answers are untrusted: no number longer than a numeric column could hold, no deep nesting
        this.mapper = mapper.copy();
        this.mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNumberLength(RecordMapper.MAX_NUMBER_CHARS).maxNestingDepth(200).build());
    }

    @Override
    public String name() {
        return HttpJsonConfigValidator.HANDLER;
    }

    @Override
    public int maxSymbolsPerCall(DataType dataType) {
        Parsed p = parsed(dataType);
        return p.config() == null ? 1 : p.config().batch().map(HttpJsonConfig.Batch::maxSymbols).orElse(1);
    }

    @Override
    public Optional<IncrementalColumn> incrementalColumn(DataType dataType) {
        return config(dataType).flatMap(c -> c.incremental().map(i -> new IncrementalColumn(i.column(), c.constants())));
    }

    @Override
    public Uni<List<SymbolOutcome>> refresh(RefreshRequest request) {
        DataType dt = request.dataType();
        Parsed p = parsed(dt);
        if (p.config() == null) {
            return Uni.createFrom().item(failAll(request.symbols(), FailureKind.PERMANENT, "invalid handler_config: " + p.error(), null, 0));
        }
        HttpJsonConfig config = p.config();
        boolean batched = request.symbols().size() > 1;
        if (batched && config.batch().isEmpty()) {
            return Uni.createFrom().item(failAll(request.symbols(), FailureKind.PERMANENT, "data type has no multi-symbol endpoint", null, 0));
        }
        FetchRange range = range(request, config);
        if (config.incremental().isPresent() && range.nothingDue(request.now())) {
            // the range would start at or after now: nothing new can exist yet, so no call is spent
            return Uni.createFrom().item(request.symbols().stream()
                    .<SymbolOutcome>map(s -> new SymbolOutcome.Rows(s, List.of(), null, 0, Duration.ZERO)).toList());
        }
        String path = fill(batched ? config.batch().get().path() : config.path(), request, range);
        // parsing and mapping a large answer takes a while: never on the event loop
        return request.upstream().get(path).chain(call -> call.bytes() <= PARSE_IN_PLACE_BYTES
                ? Uni.createFrom().item(() -> outcomes(request, config, batched, range, call))
                : Uni.createFrom().item(call).emitOn(Infrastructure.getDefaultWorkerPool())
                        .map(c -> outcomes(request, config, batched, range, c)));
    }

    private static FetchRange range(RefreshRequest request, HttpJsonConfig config) {
        if (config.incremental().isEmpty()) {
            return FetchRange.lookback(config.lookbackDays(), request.now());
        }
        HttpJsonConfig.Incremental inc = config.incremental().get();
        String symbol = request.symbols().get(0);
        Instant lastCovered = request.lastStored().get(symbol);
        FetchRange range = FetchRange.incremental(inc, config.columns().get(inc.column()).type(), lastCovered, request.now());
        if (lastCovered == null) {
            LOG.infof("%s of %s: nothing stored, backfilling from %s%s", request.dataType().dataType(), symbol, range.from(),
                    range.cutShort() ? " in chunks of " + inc.maxDaysPerCall() + " day(s)" : "");
        }
        return range;
    }

    private List<SymbolOutcome> outcomes(RefreshRequest request, HttpJsonConfig config, boolean batched, FetchRange range,
                                         UpstreamResponse call) {
        List<String> symbols = request.symbols();
        long share = symbols.isEmpty() ? 0 : call.bytes() / symbols.size();
        if (!call.ok()) {
            FailureKind kind = classify(call);
            // a 404 of a multi-symbol endpoint says nothing about any one of its symbols
            return failAll(symbols, batched && kind == FailureKind.NOT_FOUND ? FailureKind.PERMANENT : kind,
                    describe(call), call, share);
        }
        long t0 = System.nanoTime();
        JsonNode root;
        try {
            root = mapper.readTree(call.body());
        } catch (IOException e) {
            return failAll(symbols, FailureKind.PERMANENT, "malformed JSON from upstream: " + firstLine(e), call, share);
        }
        boolean incremental = config.incremental().isPresent();
        JsonNode records = root == null ? null : RecordMapper.at(root, config.records());
        boolean noRecords = records == null || records.isMissingNode() || records.isNull();
        if (noRecords && !incremental) {
            return failAll(symbols, FailureKind.NOT_FOUND, "no records at " + pointerName(config.records()), call, share);
        }
        // an incremental range with nothing in it (no new bar yet) is an answer, not a failure:
        // Polygon-shaped APIs then leave the records field out altogether
        List<JsonNode> list = new ArrayList<>();
        if (!noRecords && records.isArray()) {
            records.forEach(list::add);
        } else if (!noRecords) {
            list.add(records);
        }
        Map<String, List<JsonNode>> bySymbol = new LinkedHashMap<>();
        if (batched) {
            String field = config.batch().get().symbolField();
            for (JsonNode r : list) {
                bySymbol.computeIfAbsent(RecordMapper.at(r, field).asText("").toUpperCase(Locale.ROOT), k -> new ArrayList<>()).add(r);
            }
        } else {
            bySymbol.put(symbols.get(0).toUpperCase(Locale.ROOT), list);
        }
        DataType dt = request.dataType();
        String refreshedAt = request.now().atOffset(ZoneOffset.UTC).toString();
        List<SymbolOutcome> out = new ArrayList<>(symbols.size());
        for (String symbol : symbols) {
            List<JsonNode> mine = bySymbol.getOrDefault(symbol.toUpperCase(Locale.ROOT), List.of());
            if (mine.isEmpty() && !incremental) {
                out.add(new SymbolOutcome.Failed(symbol, FailureKind.NOT_FOUND,
                        batched ? "symbol missing from the multi-symbol response" : "upstream returned no records", call, share, null));
                continue;
            }
            try {
                List<JsonObject> rows = new ArrayList<>(mine.size());
                for (JsonNode record : mine) {
                    JsonObject row = RecordMapper.map(record, config);
                    RecordMapper.checkSanity(row, config.sanity());
                    if (dt.symbolColumn() != null) {
                        row.put(dt.symbolColumn(), symbol);
                    }
                    row.put(dt.timestampColumn(), refreshedAt);
                    for (String key : dt.keyColumns()) {
                        if (row.getValue(key) == null) {
                            throw new RecordMapper.InvalidRecord("key column " + key + " is missing from a record");
                        }
                    }
                    rows.add(row);
                }
                out.add(new SymbolOutcome.Rows(symbol, rows, call, share, Duration.ofNanos(System.nanoTime() - t0),
                        moreDue(config, range, request.lastStored().get(symbol), rows)));
            } catch (RecordMapper.InvalidRecord e) {
                out.add(new SymbolOutcome.Failed(symbol, FailureKind.PERMANENT, "validation failed: " + e.getMessage(), call, share, null));
            }
        }
        return out;
    }

    static FailureKind classify(UpstreamResponse call) {
        if (call.status() == 429) {
            return FailureKind.THROTTLED;
        }
        if (call.status() == 0 || call.status() >= 500) {
            return FailureKind.FAULT;
        }
        return call.status() == 404 ? FailureKind.NOT_FOUND : FailureKind.PERMANENT;
    }

    private static String describe(UpstreamResponse call) {
        if (call.failure() != null) {
            return call.failure();
        }
        return "upstream answered HTTP " + call.status();
    }

    private static List<SymbolOutcome> failAll(List<String> symbols, FailureKind kind, String error, UpstreamResponse call, long share) {
        Instant retryAt = call != null && call.retryAfter() != null && call.calledAt() != null
                ? call.calledAt().plus(call.elapsed()).plus(call.retryAfter()) : null;
        List<SymbolOutcome> out = new ArrayList<>(symbols.size());
        for (String s : symbols) {
            out.add(new SymbolOutcome.Failed(s, kind, error, call, share, retryAt));
        }
        return out;
    }

    /**
     * Whether a cut-short range leaves more to fetch, and, when this call brought nothing newer than
     * what was covered, up to when the upstream confirmed there is nothing (so the next call moves on).
     */
    private static SymbolOutcome.MoreDue moreDue(HttpJsonConfig config, FetchRange range, Instant lastCovered, List<JsonObject> rows) {
        if (config.incremental().isEmpty() || !range.cutShort()) {
            return null;
        }
        String column = config.incremental().get().column();
        Instant newest = null;
        for (JsonObject row : rows) {
            Instant t = recordTime(row.getValue(column));
            if (t != null && (newest == null || t.isAfter(newest))) {
                newest = t;
            }
        }
        boolean progressed = newest != null && (lastCovered == null || newest.isAfter(lastCovered));
        return new SymbolOutcome.MoreDue(progressed ? null : range.lastRecordTimeCovered());
    }

    /** A record time as {@link RecordMapper} wrote it: an ISO date, or an ISO timestamp with offset. */
    private static Instant recordTime(Object value) {
        if (!(value instanceof String s)) {
            return null;
        }
        return s.length() == 10 ? LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant()
                : OffsetDateTime.parse(s).toInstant();
    }

    private static String fill(String template, RefreshRequest request, FetchRange range) {
        String symbols = String.join(",", request.symbols().stream().map(HttpJsonHandler::encode).toList());
        return template
                .replace("{symbols}", symbols)
                .replace("{symbol}", encode(request.symbols().get(0)))
                .replace("{date}", FetchRange.today(request.now()).toString())
                .replace("{fromMillis}", Long.toString(range.from().toEpochMilli()))
                .replace("{toMillis}", Long.toString(range.to().toEpochMilli()))
                .replace("{from}", range.fromDate().toString())
                .replace("{to}", range.toDate().toString());
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String pointerName(String pointer) {
        return pointer.isEmpty() ? "the response root" : pointer;
    }

    private static String firstLine(Exception e) {
        String m = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        return RecordMapper.abbreviate(String.valueOf(m).lines().findFirst().orElse(""));
    }

    private Parsed parsed(DataType dt) {
        Parsed p = configs.get(dt.dataType());
        // the registry keeps one handler_config object until it reloads: the same object needs no comparison of its content
        if (p != null && p.source() == dt.handlerConfig()) {
            return p;
        }
        if (p != null && p.source().equals(dt.handlerConfig())) {
            // a reload for another change (an estimate, another data type) brings an equal config: keep the
            // parse, and remember the new object so the next calls compare identity again
            p = new Parsed(dt.handlerConfig(), p.config(), p.error());
            configs.put(dt.dataType(), p);
            return p;
        }
        try {
            p = new Parsed(dt.handlerConfig(), HttpJsonConfig.parse(dt.handlerConfig()), null);
        } catch (IllegalArgumentException e) {
            p = new Parsed(dt.handlerConfig(), null, e.getMessage());
        }
        configs.put(dt.dataType(), p);
        return p;
    }

    Optional<HttpJsonConfig> config(DataType dt) {
        return Optional.ofNullable(parsed(dt).config());
    }
}
