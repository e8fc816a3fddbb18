package dev.rendergateway.client;

import java.util.Map;

/** One request to the gateway: method, path with query, extra headers, and a JSON body or none. */
record HttpCall(String method, String path, Map<String, String> headers, byte[] body) {

    HttpCall {
        headers = Map.copyOf(headers);
    }

    static HttpCall get(String path) {
        return new HttpCall("GET", path, Map.of(), null);
    }

    static HttpCall delete(String path) {
        return new HttpCall("DELETE", path, Map.of(), null);
    }

    static HttpCall post(String path, byte[] body, Map<String, String> headers) {
        return new HttpCall("POST", path, headers, body);
    }
}
