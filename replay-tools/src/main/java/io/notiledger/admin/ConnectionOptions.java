package io.notiledger.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Option;

/** Where the ledger is, the operator's key, and how to print: options every command takes. */
public class ConnectionOptions {

    public enum Output { text, json }

    static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--url", defaultValue = "${env:LEDGER_URL:-http://localhost:8080}",
            description = "The ledger's command side (default: $LEDGER_URL, else ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--query-url", defaultValue = "${env:LEDGER_QUERY_URL}",
            description = "The ledger's query side when it runs apart (default: $LEDGER_QUERY_URL, else --url).")
    String queryUrl;

    @Option(names = "--key", defaultValue = "${env:LEDGER_ADMIN_KEY}",
            description = "An operator API key (default: $LEDGER_ADMIN_KEY).")
    String key;

    @Option(names = "--output", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
    Output output;

    LedgerHttp commandSide() {
        return new LedgerHttp(url, key, JSON);
    }

    LedgerHttp querySide() {
        return new LedgerHttp(queryUrl == null || queryUrl.isBlank() ? url : queryUrl, key, JSON);
    }

    boolean json() {
        return output == Output.json;
    }
}
