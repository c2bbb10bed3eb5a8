package io.shardlake.connectors.testing;

import io.shardlake.connectors.objectstore.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/** An object store that passes every call to another: tests override the calls they make fail or behave otherwise. */
public class ForwardingObjectStore implements ObjectStore {

    private final ObjectStore delegate;

    public ForwardingObjectStore(ObjectStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public void publish(Path localFile, String key) throws IOException {
        delegate.publish(localFile, key);
    }

    @Override
    public void delete(String key) throws IOException {
        delegate.delete(key);
    }

    @Override
    public boolean exists(String key) throws IOException {
        return delegate.exists(key);
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        return delegate.list(prefix);
    }

    @Override
    public java.util.SortedMap<String, Long> sizes(String prefix) throws IOException {
        return delegate.sizes(prefix);
    }

    @Override
    public void copy(String fromKey, String toKey) throws IOException {
        delegate.copy(fromKey, toKey);
    }

    @Override
    public boolean movesFolders() {
        return delegate.movesFolders();
    }

    @Override
    public void moveFolder(String fromPrefix, String toPrefix) throws IOException {
        delegate.moveFolder(fromPrefix, toPrefix);
    }

    @Override
    public InputStream open(String key) throws IOException {
        return delegate.open(key);
    }

    @Override
    public String uri(String key) {
        return delegate.uri(key);
    }
}
