package io.cairn.server.tls;

import java.nio.file.Path;

/** A certificate (chain) file and the file of its private key. */
public record TlsFiles(Path certFile, Path keyFile) {}
