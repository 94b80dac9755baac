// Starts fabric8's KubernetesMockServer in CRUD mode over HTTPS on 127.0.0.1 (a free port; its
// self-signed certificate names localhost), prints "listening <port> <certificate PEM file>" and
// serves until stdin closes, so the server dies with the test that started it.
//
// Lines on stdin add canned answers ahead of the CRUD store, for what the store never gives
// (failures, a namespace stuck terminating):
//   respond <METHOD> <path> <status> <times> [<JSON body>]   e.g.  respond GET /api/v1/namespaces/t-1 500 1
// Without a body the answer is a Kubernetes Status of that code. Each line is acknowledged with
// "ok" (or "error <reason>") on stdout.

import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.dsl.DelayPathable;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.dsl.MockServerExpectation;
import io.fabric8.mockwebserver.dsl.ReturnOrWebsocketable;
import io.fabric8.mockwebserver.dsl.TimesOnceableOrHttpHeaderable;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;

public class KubernetesMockLauncher {
  public static void main(String[] args) throws Exception {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    // The mock answers JSON without a Content-Type, which a real API server always sends and
    // @kubernetes/client-node insists on: add it to every answer with a body.
    KubernetesMixedDispatcher dispatcher = new KubernetesMixedDispatcher(responses) {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        MockResponse response = super.dispatch(request);
        if (response.header("Content-Type") == null && response.getBody() != null && response.getBody().size() > 0) {
          response.setHeader("Content-Type", "application/json");
        }
        return response;
      }
    };
    KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), responses, dispatcher, true);
    server.start(InetAddress.getLoopbackAddress(), 0);
    System.out.println("listening " + server.getPort() + " " + server.getSelfSignedCertificate().certificatePath());
    System.out.flush();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      String answer;
      try {
        answer = command(server, line.trim().split("\\s+", 6));
      } catch (RuntimeException e) {
        answer = "error " + e;
      }
      System.out.println(answer);
      System.out.flush();
    }
    server.shutdown();
    System.exit(0);
  }

  private static String command(KubernetesMockServer server, String[] words) {
    if (words.length < 5 || !words[0].equals("respond")) return "error expected: respond <METHOD> <path> <status> <times> [<JSON body>]";
    int status = Integer.parseInt(words[3]);
    String body = words.length == 6 ? words[5] : "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"injected by the test\",\"reason\":\""
        + reason(status) + "\",\"code\":" + status + "}";
    method(server.expect(), words[1]).withPath(words[2]).andReturn(status, body).times(Integer.parseInt(words[4]));
    return "ok";
  }

  private static DelayPathable<ReturnOrWebsocketable<TimesOnceableOrHttpHeaderable<Void>>> method(MockServerExpectation methods, String method) {
    switch (method) {
      case "GET": return methods.get();
      case "POST": return methods.post();
      case "PUT": return methods.put();
      case "PATCH": return methods.patch();
      case "DELETE": return methods.delete();
      default: throw new IllegalArgumentException("no such method: " + method);
    }
  }

  private static String reason(int status) {
    switch (status) {
      case 403: return "Forbidden";
      case 409: return "Conflict";
      case 429: return "TooManyRequests";
      default: return status >= 500 ? "InternalError" : "BadRequest";
    }
  }
}
