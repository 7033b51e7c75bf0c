package io.notiledger.web.problem;

import io.notiledger.api.error.ErrorCode;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The one shape of every error the ledger's HTTP APIs answer: an RFC 7807 problem
 * ({@code application/problem+json}) whose {@code type} and {@code code} name a stable {@link ErrorCode}.
 */
public final class Problems {

    private Problems() {
    }

    public static ProblemDetail of(ErrorCode code, String detail, String instance) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(code.httpStatus()), detail);
        body.setTitle(code.title());
        body.setType(typeOf(code.name()));
        if (instance != null) {
            body.setInstance(URI.create(instance));
        }
        body.setProperty("code", code.name());
        return body;
    }

    public static ResponseEntity<ProblemDetail> response(ErrorCode code, String detail, String instance) {
        return response(of(code, detail, instance));
    }

    public static ResponseEntity<ProblemDetail> response(ProblemDetail body) {
        return ResponseEntity.status(body.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }

    /** The members of a problem as they appear in its JSON, for code that writes the response itself. */
    public static Map<String, Object> members(ProblemDetail problem) {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("type", problem.getType().toString());
        members.put("title", problem.getTitle());
        members.put("status", problem.getStatus());
        members.put("detail", problem.getDetail());
        if (problem.getInstance() != null) {
            members.put("instance", problem.getInstance().toString());
        }
        if (problem.getProperties() != null) {
            members.putAll(problem.getProperties());
        }
        return members;
    }

    /** {@code urn:notiledger:problem:store-unavailable} for {@code STORE_UNAVAILABLE}. */
    public static URI typeOf(String code) {
        return URI.create("urn:notiledger:problem:" + code.toLowerCase(Locale.ROOT).replace('_', '-'));
    }
}
