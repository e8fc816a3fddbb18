package dev.rendergateway.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A Lua script of {@code /redis/<name>.lua}, run by {@code EVALSHA}, and by {@code EVAL} when Redis has
 * forgotten it (a restart or {@code SCRIPT FLUSH}). Each script is one atomic step of the gateway's state.
 */
public record RedisScript(String name, String source, String sha) {

    /** Reads the script from the class path. */
    public static RedisScript load(String name) {
        String path = "/redis/" + name + ".lua";
        try (InputStream in = RedisScript.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing Redis script " + path);
            }
            String source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new RedisScript(name, source, sha1(source));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the script; failures come as {@link dev.rendergateway.core.store.StoreUnavailableException} when Redis is away. */
    public <T> Flux<T> run(RedisReactiveCommands<String, String> redis, ScriptOutputType type, String[] keys,
                           String... args) {
        return Flux.defer(() -> redis.<T>evalsha(sha, type, keys, args))
                .onErrorResume(RedisNoScriptException.class, missing -> redis.eval(source, type, keys, args))
                .onErrorMap(RedisFailure::translate);
    }

    /** Runs a script that returns an array; emits its elements as one list (nested arrays stay lists). */
    public Mono<List<Object>> runList(RedisReactiveCommands<String, String> redis, String[] keys, String... args) {
        return this.<Object>run(redis, ScriptOutputType.MULTI, keys, args)
                .collectList()
                .map(reply -> reply.size() == 1 && reply.get(0) instanceof List<?> nested
                        ? new ArrayList<Object>(nested)
                        : reply);
    }

    private static String sha1(String source) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
