package io.imageingest.system;

import java.nio.ByteBuffer;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

/**
 * MVStore value type of the embedded server's documents: BSON (the encoding the server speaks on the
 * wire) instead of the stock backend's Java serialisation, which allocated several kilobytes and cost more
 * CPU per stored document than the rest of an insert.
 *
 * <p>A BSON value starts with a tag byte {@link ObjectDataType} never writes, so values of both kinds can
 * sit in one map: anything else is read (and anything that is not a document, or that BSON cannot hold, is
 * written) by {@code ObjectDataType} as before. Files of the stock backend therefore open unchanged; a file
 * with BSON values cannot be read by the stock backend, which fails on the unknown tag.
 */
final class DocumentDataType extends BasicDataType<Object> {

    /** Outside every tag {@link ObjectDataType} uses (0-19, 32-49, 64-119). */
    static final int BSON_TAG = 0xF0;

    private final ObjectDataType objects = new ObjectDataType();

    @Override
    public int getMemory(Object value) {
        return objects.getMemory(value);
    }

    @Override
    public void write(WriteBuffer buffer, Object value) {
        byte[] bson = value instanceof Document document ? bson(document) : null;
        if (bson == null) {
            objects.write(buffer, value);
            return;
        }
        buffer.put((byte) BSON_TAG).putVarInt(bson.length).put(bson);
    }

    @Override
    public Object read(ByteBuffer buffer) {
        if ((buffer.get(buffer.position()) & 0xFF) != BSON_TAG) {
            return objects.read(buffer);
        }
        buffer.get();
        int length = DataUtils.readVarInt(buffer);
        ByteBuf bson = Unpooled.wrappedBuffer(buffer.slice(buffer.position(), length));
        buffer.position(buffer.position() + length);
        return BsonDecoder.decodeBson(bson);
    }

    @Override
    public Object[] createStorage(int size) {
        return new Object[size];
    }

    /** The document as BSON, or {@code null} when it holds a value BSON cannot express. */
    private static byte[] bson(Document document) {
        ByteBuf buffer = Unpooled.buffer(512);
        try {
            BsonEncoder.encodeDocument(document, buffer);
            byte[] bytes = new byte[buffer.readableBytes()];
            buffer.readBytes(bytes);
            return bytes;
        } catch (RuntimeException unsupported) {
            return null;
        } finally {
            buffer.release();
        }
    }
}
