package dev.containersec.image;

import java.util.Objects;

/**
 * A secret for one registry: a user name and password, or an identity token (the OAuth2 refresh
 * token {@code docker login} stores as {@code identitytoken}). {@link #toString()} never shows the
 * secret; it is read only through {@link #revealSecret()}.
 */
public final class RegistryCredentials {
    private final String username;
    private final String secret;
    private final boolean identityToken;

    private RegistryCredentials(String username, String secret, boolean identityToken) {
        this.username = username;
        this.secret = secret;
        this.identityToken = identityToken;
    }

    /**
     * Creates user name and password credentials, sent as HTTP basic authentication to the registry
     * or to its token server.
     *
     * @param username the user name, not empty and without {@code ':'}
     * @param password the password or personal access token, not empty
     * @return the credentials
     * @throws IllegalArgumentException if a part is empty or the user name holds a colon
     */
    public static RegistryCredentials basic(String username, String password) {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (username.isEmpty() || username.indexOf(':') >= 0) {
            throw new IllegalArgumentException("registry user name must be non-empty and hold no ':'");
        }
        if (password.isEmpty()) {
            throw new IllegalArgumentException("registry password for '" + username + "' is empty");
        }
        return new RegistryCredentials(username, password, false);
    }

    /**
     * Creates identity-token credentials: the token is exchanged at the registry's token server
     * ({@code grant_type=refresh_token}) for access tokens.
     *
     * @param token the identity (refresh) token, not empty
     * @return the credentials
     * @throws IllegalArgumentException if the token is empty
     */
    public static RegistryCredentials identityToken(String token) {
        Objects.requireNonNull(token, "token");
        if (token.isEmpty()) {
            throw new IllegalArgumentException("empty registry identity token");
        }
        return new RegistryCredentials("<token>", token, true);
    }

    /**
     * Returns the user name ({@code <token>} for identity tokens, as Docker's credential helpers write it).
     *
     * @return the user name
     */
    public String username() {
        return username;
    }

    /**
     * Returns whether this is an identity token rather than a password.
     *
     * @return true for {@link #identityToken(String)} credentials
     */
    public boolean isIdentityToken() {
        return identityToken;
    }

    /**
     * Returns the password or token itself. Call only to send it to the registry it belongs to.
     *
     * @return the secret
     */
    public String revealSecret() {
        return secret;
    }

    /**
     * Returns the user name and a redacted secret.
     *
     * @return for example {@code RegistryCredentials[basic, username=ci, secret=<redacted>]}
     */
    @Override
    public String toString() {
        return "RegistryCredentials[" + (identityToken ? "identity token" : "basic") + ", username=" + username
                + ", secret=<redacted>]";
    }
}
