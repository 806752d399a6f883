package io.relayscope.fleet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an unencrypted PEM private key: PKCS#8 ({@code BEGIN PRIVATE KEY}, what {@code openssl req}
 * and {@code genpkey} write) or the traditional RSA ({@code BEGIN RSA PRIVATE KEY}) and EC
 * ({@code BEGIN EC PRIVATE KEY}) forms, which the JDK cannot read alone: they are wrapped in the
 * PKCS#8 envelope it can. Messages name the file, never its contents.
 */
final class PemPrivateKey {
  /** How to make the form the relay reads from any key openssl knows (it asks for a passphrase if there is one). */
  static final String CONVERT = "openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8";

  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----\\R(.*?)-----END \\1-----", Pattern.DOTALL);
  private static final byte[] RSA_ALGORITHM = der(0x30, concat(oid("2A864886F70D010101"), new byte[] {0x05, 0x00}));
  private static final byte[] EC_PUBLIC_KEY = oid("2A8648CE3D0201");
  /** KeyFactory algorithms tried for a PKCS#8 key, whose type the JDK does not tell from the bytes. */
  private static final List<String> ALGORITHMS = List.of("RSA", "EC", "EdDSA", "RSASSA-PSS");

  private PemPrivateKey() {}

  static PrivateKey read(Path file, String flag) throws IOException {
    // ISO-8859-1: any byte decodes, so a binary (DER) file gets the "no PEM key" answer, not a charset error.
    Matcher m = BLOCK.matcher(Files.readString(file, StandardCharsets.ISO_8859_1));
    while (m.find()) {
      String type = m.group(1);
      if (!type.endsWith("PRIVATE KEY")) continue; // e.g. openssl ecparam's EC PARAMETERS before the key
      String body = m.group(2);
      if (type.startsWith("ENCRYPTED") || body.contains("Proc-Type:")) { // PKCS#8 or traditional (a header) encrypted
        throw new IOException(flag + " " + file + " is encrypted and the relay has no passphrase to give: decrypt it to "
            + "PKCS#8 with `" + CONVERT + "` (keep it mode 0600)");
      }
      byte[] der;
      try {
        der = Base64.getMimeDecoder().decode(body);
      } catch (IllegalArgumentException e) {
        throw new IOException(flag + " " + file + ": the " + type + " block is not base64");
      }
      return switch (type) {
        case "PRIVATE KEY" -> pkcs8(der, file, flag);
        case "RSA PRIVATE KEY" -> pkcs8(der(0x30, concat(new byte[] {0x02, 0x01, 0x00}, RSA_ALGORITHM, der(0x04, der))), file, flag);
        case "EC PRIVATE KEY" -> pkcs8(fromSec1(der, file, flag), file, flag);
        default -> throw unsupported(file, flag, "a " + type);
      };
    }
    throw unsupported(file, flag, "no PEM private key");
  }

  private static IOException unsupported(Path file, String flag, String found) {
    return new IOException(flag + " " + file + ": " + found + "; give an unencrypted PKCS#8 PEM key (-----BEGIN PRIVATE KEY-----, "
        + "or the RSA/EC PRIVATE KEY forms): `" + CONVERT + "`");
  }

  private static PrivateKey pkcs8(byte[] der, Path file, String flag) throws IOException {
    var spec = new PKCS8EncodedKeySpec(der);
    for (String algorithm : ALGORITHMS) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException e) {
        // not this algorithm: try the next
      }
    }
    throw unsupported(file, flag, "a private key of a type the JVM cannot read (RSA, EC, Ed25519 are)");
  }

  /**
   * SEC1 {@code ECPrivateKey} in PKCS#8: the envelope names the curve, which SEC1 holds in its
   * optional {@code [0]} field (openssl always writes it for a named curve).
   */
  private static byte[] fromSec1(byte[] sec1, Path file, String flag) throws IOException {
    try {
      int[] seq = header(sec1, 0);
      for (int at = seq[0]; at < seq[0] + seq[1]; ) {
        int[] field = header(sec1, at);
        if ((sec1[at] & 0xff) == 0xA0) {
          byte[] curve = Arrays.copyOfRange(sec1, field[0], field[0] + field[1]);
          byte[] algorithm = der(0x30, concat(EC_PUBLIC_KEY, curve));
          return der(0x30, concat(new byte[] {0x02, 0x01, 0x00}, algorithm, der(0x04, sec1)));
        }
        at = field[0] + field[1];
      }
    } catch (ArrayIndexOutOfBoundsException e) {
      throw unsupported(file, flag, "an EC PRIVATE KEY block that is not DER");
    }
    throw unsupported(file, flag, "an EC key without its curve");
  }

  /** The DER element at {@code at}: {start of its contents, their length}. */
  private static int[] header(byte[] der, int at) {
    int len = der[at + 1] & 0xff;
    int start = at + 2;
    if (len > 0x80) {
      int n = len & 0x7f;
      len = 0;
      for (int i = 0; i < n; i++) len = (len << 8) | (der[start + i] & 0xff);
      start += n;
    }
    if (len < 0 || start + len > der.length) throw new ArrayIndexOutOfBoundsException("DER length");
    return new int[] {start, len};
  }

  private static byte[] der(int tag, byte[] contents) {
    var out = new ByteArrayOutputStream();
    out.write(tag);
    int len = contents.length;
    if (len < 0x80) {
      out.write(len);
    } else {
      int bytes = len > 0xffffff ? 4 : len > 0xffff ? 3 : len > 0xff ? 2 : 1;
      out.write(0x80 | bytes);
      for (int i = bytes - 1; i >= 0; i--) out.write(len >>> (8 * i));
    }
    out.writeBytes(contents);
    return out.toByteArray();
  }

  private static byte[] oid(String hex) {
    return der(0x06, HexFormat.of().parseHex(hex));
  }

  private static byte[] concat(byte[]... parts) {
    var out = new ByteArrayOutputStream();
    for (byte[] p : parts) out.writeBytes(p);
    return out.toByteArray();
  }
}
