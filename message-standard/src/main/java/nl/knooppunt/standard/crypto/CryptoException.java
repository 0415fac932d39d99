package nl.knooppunt.standard.crypto;

/** Encryption or decryption failed; the message never contains payload content. */
public class CryptoException extends RuntimeException {

    public CryptoException(String message, Throwable cause) {
        super(message, cause);
    }
}
