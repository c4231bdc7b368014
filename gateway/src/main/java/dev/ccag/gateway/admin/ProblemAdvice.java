package dev.ccag.gateway.admin;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of the admin API as RFC 7807 problem details: {@link ApiProblem}s, and Spring MVC's own
 * failures (malformed JSON, bad parameters, unknown routes, wrong methods) through the base class.
 * Each problem carries the {@code request_id} that is also in the response header.
 */
@RestControllerAdvice
public class ProblemAdvice extends ResponseEntityExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<Object> apiProblem(ApiProblem e, WebRequest request) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(e.status()), e.detail());
        body.setTitle(e.title());
        HttpHeaders headers = new HttpHeaders();
        if (e.status() == 401) {
            headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return createResponseEntity(body, headers, HttpStatusCode.valueOf(e.status()), request);
    }

    /** A unique index said no: two writers raced, or the caller reused a unique name. */
    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<Object> conflict(DataIntegrityViolationException e, WebRequest request) {
        // the database's message can quote row values; keep it out of the normal log
        log.debug("integrity violation: {}", e.getMostSpecificCause().getMessage());
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "conflicts with an existing record");
        body.setTitle("Conflict");
        return createResponseEntity(body, new HttpHeaders(), HttpStatus.CONFLICT, request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e, WebRequest request, HttpServletRequest servletRequest) {
        log.error("admin request {} {} failed", servletRequest.getMethod(), servletRequest.getRequestURI(), e);
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, "internal error");
        return createResponseEntity(body, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        if (body instanceof ProblemDetail problem) {
            Object requestId = request.getAttribute(AdminRequestIds.ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
            if (requestId != null) {
                problem.setProperty("request_id", requestId);
            }
            // Problems are problem+json whatever the client asked for; admin clients parse JSON either way.
            return ResponseEntity.status(statusCode).headers(headers).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }
}
