package io.shardlake.engine.definition;

import java.util.Objects;

/**
 * Tells a definitions poll whether to reload: a file of the folder changed (see
 * {@link DefinitionFolderWatcher}) or a version was registered since the last look (the store's
 * {@link RegisteredDefinitions#changeToken()}, one cheap query). Like the folder watcher, it is
 * true on the first call, a look consumes the change, and it never throws: a store that cannot be
 * asked counts as changed once, so the reload that follows reports the problem.
 */
public final class DefinitionChangeWatcher {

    private static final String UNREADABLE = "\u0000unreadable";

    private final DefinitionFolderWatcher folder;
    private final RegisteredDefinitions registered;
    private String lastToken;

    DefinitionChangeWatcher(DefinitionFolderWatcher folder, RegisteredDefinitions registered) {
        this.folder = folder;
        this.registered = registered;
    }

    public synchronized boolean changedSinceLastCheck() {
        boolean files = folder.changedSinceLastCheck();
        String token;
        try {
            token = registered.changeToken();
        } catch (RuntimeException e) {
            token = UNREADABLE;
        }
        boolean versions = !Objects.equals(token, lastToken);
        lastToken = token;
        return files || versions;
    }
}
