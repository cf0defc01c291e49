package io.cairn.cli.client;

import io.cairn.api.AuthGrpc;
import io.cairn.api.AuthenticateRequest;
import io.cairn.api.AuthenticateResponse;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.TimeUnit;

/**
 * clientv3's token authentication: every request carries the token in the {@code token} metadata
 * header, and a unary request refused with "invalid auth token" (the server restarted, or the
 * simple token expired) is sent again once after authenticating anew, as clientv3's retry
 * interceptor does.
 */
final class TokenAuth implements ClientInterceptor {
  static final Metadata.Key<String> TOKEN = Metadata.Key.of("token", Metadata.ASCII_STRING_MARSHALLER);
  static final String INVALID_TOKEN = "etcdserver: invalid auth token";

  private final Credentials credentials;
  /** Null until authenticated, and while the server has auth disabled. */
  private volatile String token;

  TokenAuth(Credentials credentials) {
    this.credentials = credentials;
  }

  AuthenticateRequest authenticateRequest() {
    return AuthenticateRequest.newBuilder().setName(credentials.user())
        .setPassword(credentials.password()).build();
  }

  void token(String t) {
    token = t;
  }

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options,
      Channel next) {
    if (method.getType() == MethodDescriptor.MethodType.UNARY
        && !method.equals(AuthGrpc.getAuthenticateMethod())) {
      return new ReauthenticatingCall<>(method, options, next);
    }
    return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
      @Override
      public void start(Listener<R> listener, Metadata headers) {
        super.start(listener, withToken(headers));
      }
    };
  }

  private Metadata withToken(Metadata headers) {
    Metadata h = new Metadata();
    h.merge(headers);
    String t = token;
    if (t != null) {
      h.put(TOKEN, t);
    }
    return h;
  }

  /**
   * A unary call sent when the caller half-closes (it has its one request by then), and sent once
   * more, with a fresh token, when the server no longer knows the token.
   */
  private final class ReauthenticatingCall<Q, R> extends ClientCall<Q, R> {
    private final MethodDescriptor<Q, R> method;
    private final CallOptions options;
    private final Channel next;
    private Listener<R> listener;
    private Metadata headers;
    private Q request;
    private int requested;
    private boolean retried;
    private volatile ClientCall<Q, R> current;

    ReauthenticatingCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
      this.method = method;
      this.options = options;
      this.next = next;
    }

    @Override
    public void start(Listener<R> listener, Metadata headers) {
      this.listener = listener;
      this.headers = headers;
    }

    @Override
    public void request(int n) {
      requested += n;
      ClientCall<Q, R> c = current;
      if (c != null) {
        c.request(n);
      }
    }

    @Override
    public void sendMessage(Q message) {
      request = message;
    }

    @Override
    public void halfClose() {
      send();
    }

    @Override
    public void cancel(String message, Throwable cause) {
      ClientCall<Q, R> c = current;
      if (c != null) {
        c.cancel(message, cause);
      } else if (listener != null) {
        // nothing was sent yet: the caller still expects its call to close
        listener.onClose(Status.CANCELLED.withDescription(message).withCause(cause), new Metadata());
      }
    }

    private void send() {
      ClientCall<Q, R> call = next.newCall(method, options);
      current = call;
      call.start(new Listener<R>() {
        @Override
        public void onHeaders(Metadata h) {
          listener.onHeaders(h);
        }

        @Override
        public void onMessage(R message) {
          listener.onMessage(message);
        }

        @Override
        public void onClose(Status status, Metadata trailers) {
          if (!retried && INVALID_TOKEN.equals(status.getDescription())) {
            retried = true;
            reauthenticateThenSend(status, trailers);
            return;
          }
          listener.onClose(status, trailers);
        }

        @Override
        public void onReady() {
          listener.onReady();
        }
      }, withToken(headers));
      call.request(Math.max(requested, 1));
      call.sendMessage(request);
      call.halfClose();
    }

    private void reauthenticateThenSend(Status failed, Metadata trailers) {
      AuthGrpc.AuthStub auth = AuthGrpc.newStub(next);
      if (options.getDeadline() != null) {
        auth = auth.withDeadlineAfter(options.getDeadline().timeRemaining(TimeUnit.NANOSECONDS),
            TimeUnit.NANOSECONDS);
      }
      auth.authenticate(authenticateRequest(), new StreamObserver<AuthenticateResponse>() {
        @Override
        public void onNext(AuthenticateResponse r) {
          token(r.getToken());
        }

        @Override
        public void onError(Throwable t) {
          listener.onClose(Status.fromThrowable(t), new Metadata());
        }

        @Override
        public void onCompleted() {
          send();
        }
      });
    }
  }
}
