package nl.knooppunt.portal.web;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

/** Test-only endpoint with the shape of the portal's compose form (all fields as a map), outside the login. */
@Path("/csrf-probe")
public class CsrfProbe {

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.TEXT_PLAIN)
    public String echo(MultipartFormDataInput form) {
        return form.getValues().get("/client/bsn").iterator().next().getValue();
    }
}
