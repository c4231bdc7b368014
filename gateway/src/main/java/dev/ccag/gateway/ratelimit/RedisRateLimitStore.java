package dev.ccag.gateway.ratelimit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counters in Redis or Valkey, shared by every replica, so N replicas enforce one limit and not N.
 * Each operation is one Lua script, atomic on the server. A window's key carries its start, so old
 * windows simply expire. Concurrency slots expire after {@link #SLOT_TTL} without use, so the slots
 * of a replica that died mid-request come back.
 *
 * <p>When Redis cannot be reached the request is admitted (and a warning logged): a broken limiter
 * must not take the gateway down with it.
 */
public final class RedisRateLimitStore implements RateLimitStore, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisRateLimitStore.class);
    static final Duration SLOT_TTL = Duration.ofMinutes(15);
    private static final String WINDOW_TTL_MILLIS = Long.toString(2 * RateLimiter.MINUTE_MILLIS);

    private static final String TRY_ADD = """
            local c = tonumber(redis.call('GET', KEYS[1]) or '0')
            if c >= tonumber(ARGV[2]) then return -1 - c end
            c = redis.call('INCRBY', KEYS[1], ARGV[1])
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            return c""";
    private static final String ADJUST = """
            if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
            local c = redis.call('INCRBY', KEYS[1], ARGV[1])
            if c < 0 then redis.call('SET', KEYS[1], 0, 'KEEPTTL'); c = 0 end
            return c""";
    private static final String RELEASE = """
            local c = tonumber(redis.call('GET', KEYS[1]) or '0')
            if c <= 0 then return 0 end
            return redis.call('DECR', KEYS[1])""";

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> redis;
    private final String prefix;

    /** @param url e.g. {@code redis://127.0.0.1:6379/0}; {@code prefix} separates deployments sharing one server */
    public RedisRateLimitStore(String url, String prefix, Duration timeout) {
        this.client = RedisClient.create(url);
        client.setDefaultTimeout(timeout);
        this.connection = client.connect(); // one multiplexed, thread-safe connection
        this.redis = connection.sync();
        this.prefix = prefix;
    }

    @Override
    public long tryAdd(String bucket, long windowStartMillis, long amount, long limit) {
        try {
            Long c = redis.eval(TRY_ADD, ScriptOutputType.INTEGER, new String[] {windowKey(bucket, windowStartMillis)},
                    Long.toString(amount), Long.toString(limit), WINDOW_TTL_MILLIS);
            return c;
        } catch (RuntimeException e) {
            unavailable(e);
            return amount;
        }
    }

    @Override
    public void adjust(String bucket, long windowStartMillis, long delta) {
        try {
            redis.eval(ADJUST, ScriptOutputType.INTEGER, new String[] {windowKey(bucket, windowStartMillis)}, Long.toString(delta));
        } catch (RuntimeException e) {
            unavailable(e);
        }
    }

    @Override
    public long acquire(String bucket, long limit) {
        try {
            Long c = redis.eval(TRY_ADD, ScriptOutputType.INTEGER, new String[] {prefix + bucket},
                    "1", Long.toString(limit), Long.toString(SLOT_TTL.toMillis()));
            return c;
        } catch (RuntimeException e) {
            unavailable(e);
            return 1;
        }
    }

    @Override
    public void release(String bucket) {
        try {
            redis.eval(RELEASE, ScriptOutputType.INTEGER, new String[] {prefix + bucket});
        } catch (RuntimeException e) {
            unavailable(e);
        }
    }

    private String windowKey(String bucket, long windowStartMillis) {
        return prefix + bucket + ":" + windowStartMillis;
    }

    private static void unavailable(RuntimeException e) {
        log.warn("rate-limit store unavailable, admitting without it: {}", e.toString());
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
