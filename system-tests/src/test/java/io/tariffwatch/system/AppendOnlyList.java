package io.tariffwatch.system;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.Objects;

/**
 * A list that many threads append to while others read: an append takes a lock and copies only when the array
 * grows, where a {@code CopyOnWriteArrayList} copies the whole list on every append — for the 18,000 webhooks of
 * the bench's fan-out, gigabytes copied on the same two cores as the services measured. Readers take no lock and
 * see a prefix of what was appended; nothing is ever removed or replaced.
 */
final class AppendOnlyList<T> extends AbstractList<T> {
    private volatile Object[] elements = new Object[256];
    private volatile int size;

    @Override
    public synchronized boolean add(T element) {
        Object[] array = elements;
        if (size == array.length) {
            array = Arrays.copyOf(array, array.length * 2);
            elements = array;
        }
        array[size] = element;
        size = size + 1; // published after the element: a reader that sees the size sees the element
        return true;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T get(int index) {
        Objects.checkIndex(index, size);
        return (T) elements[index];
    }

    @Override
    public int size() {
        return size;
    }
}
