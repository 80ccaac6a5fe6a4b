package io.tariffwatch.dashboard.pages;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.List;

/** A page asked with a parameter it cannot take: 400, with a page that says which and what it should be. */
@Provider
public class BadParameterPage implements ExceptionMapper<PageParams.BadPageParameter> {
    @CheckedTemplate(basePath = "")
    static class Templates {
        static native TemplateInstance badParameter(String message, String active, List<String> notes);
    }

    @Override
    public Response toResponse(PageParams.BadPageParameter e) {
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.TEXT_HTML_TYPE)
                .entity(Templates.badParameter(e.getMessage(), "", List.of()).render()).build();
    }
}
