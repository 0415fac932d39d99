package nl.knooppunt.standard.crypto;

/** Key material is missing, malformed or unsuitable; the message never contains key bytes. */
public class KeyMaterialException extends RuntimeException {

    public KeyMaterialException(String message, Throwable cause) {
        super(message, cause);
    }
}
