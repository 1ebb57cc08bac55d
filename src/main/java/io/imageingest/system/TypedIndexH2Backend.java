package io.imageingest.system;

import java.util.List;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * mongo-java-server's H2 backend with unique indexes keyed by {@link KeyValueDataType}, so that index
 * look-ups compare keys without serialising them. Documents, collections and the file layout are the
 * stock backend's, except that documents are stored as BSON ({@link DocumentDataType}, which still reads the
 * stock backend's values) and unique indexes live in maps of their own ({@code …._kvindex_{name}}).
 *
 * <p>An index map is derived data: when a file still holds the stock backend's map of an index
 * ({@code …._index_{name}}, written by an earlier version of this service or by the stock backend) the
 * typed map is emptied and the stock one removed, and mongo-java-server rebuilds the index from the
 * documents as it does for any empty index. That makes files of either backend open with either backend.
 */
class TypedIndexH2Backend extends H2Backend {

    private static final Logger log = LoggerFactory.getLogger(TypedIndexH2Backend.class);
    /** Map name prefixes of {@link H2Database} (package-private there). */
    private static final String DATA_PREFIX = "databases.";
    private static final String META_PREFIX = "meta.";

    TypedIndexH2Backend(MVStore store) {
        super(store);
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new TypedIndexDatabase(databaseName);
    }

    /**
     * An inner class on purpose: {@link H2Database}'s constructor already opens the indexes, before any
     * field of a subclass is assigned, while the enclosing backend (and its store) is reachable by then.
     */
    private final class TypedIndexDatabase extends H2Database {

        TypedIndexDatabase(String databaseName) {
            super(databaseName, getMvStore(), getCursorRegistry());
        }

        @Override
        protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                        boolean sparse) {
            MVStore store = getMvStore();
            String namespace = getFullCollectionNamespace(collectionName);
            MVMap<KeyValue, Object> map = store.openMap(typedName(namespace, indexName),
                    new MVMap.Builder<KeyValue, Object>().keyType(new KeyValueDataType()));
            String stock = namespace + "._index_" + indexName;
            if (store.hasMap(stock)) {
                log.info("Index {} of {} was written by the stock H2 backend: rebuilding it with typed keys",
                        indexName, namespace);
                map.clear();
                store.removeMap(stock);
            }
            return new TypedH2UniqueIndex(map, indexName, keys, sparse);
        }

        @Override
        protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
            // the stock collection with its documents stored as BSON; map names are the stock ones
            String namespace = getFullCollectionNamespace(collectionName);
            MVStore store = getMvStore();
            MVMap<Object, Document> data = store.openMap(DATA_PREFIX + namespace,
                    new MVMap.Builder<Object, Document>().valueType(new DocumentDataType()));
            MVMap<String, Object> meta = store.openMap(META_PREFIX + namespace);
            return new H2Collection(this, collectionName, options, data, meta, cursorRegistry);
        }

        @Override
        protected void dropIndex(MongoCollection<Object> collection, String indexName) {
            super.dropIndex(collection, indexName);
            String name = typedName(collection.getFullName(), indexName);
            if (getMvStore().hasMap(name)) {
                getMvStore().removeMap(name);
            }
        }

        private static String typedName(String namespace, String indexName) {
            return namespace + "._kvindex_" + indexName;
        }
    }
}
