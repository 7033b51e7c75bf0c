package io.notiledger.query.dashboard;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /dashboard}: the operators' and tenants' page (static: {@code static/dashboard/}, with Chart.js from
 * its WebJar). It is public because it holds no data: it asks for an API key, keeps it in the tab's
 * sessionStorage, and sends it with every call it makes to the API.
 */
@RestController
public class DashboardController {

    private static final Resource PAGE = new ClassPathResource("static/dashboard/index.html");

    @GetMapping(value = "/dashboard", produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<Resource> page() {
        return ResponseEntity.ok().cacheControl(CacheControl.noCache()).contentType(MediaType.TEXT_HTML).body(PAGE);
    }
}
