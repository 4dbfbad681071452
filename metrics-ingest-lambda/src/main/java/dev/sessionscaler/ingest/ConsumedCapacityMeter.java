package dev.sessionscaler.ingest;

import java.util.List;
import java.util.concurrent.atomic.DoubleAdder;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * Measures what a DynamoDB client's calls cost: asks every call for its consumed capacity ({@code ReturnConsumedCapacity
 * TOTAL}) and adds up the write and read units DynamoDB reports. On a client of the simulator or a benchmark, it gives
 * the units our item layout really costs, from item sizes as DynamoDB computes them. Calls that fail (a condition not
 * met) are not counted here, though DynamoDB bills their write units too: see {@link #failedWrites()}.
 */
public final class ConsumedCapacityMeter implements ExecutionInterceptor {
    private final DoubleAdder writeUnits = new DoubleAdder();
    private final DoubleAdder readUnits = new DoubleAdder();
    private final DoubleAdder failedWrites = new DoubleAdder();

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        ReturnConsumedCapacity total = ReturnConsumedCapacity.TOTAL;
        if (request instanceof PutItemRequest r) {
            return r.toBuilder().returnConsumedCapacity(total).build();
        } else if (request instanceof UpdateItemRequest r) {
            return r.toBuilder().returnConsumedCapacity(total).build();
        } else if (request instanceof DeleteItemRequest r) {
            return r.toBuilder().returnConsumedCapacity(total).build();
        } else if (request instanceof TransactWriteItemsRequest r) {
            return r.toBuilder().returnConsumedCapacity(total).build();
        } else if (request instanceof BatchWriteItemRequest r) {
            return r.toBuilder().returnConsumedCapacity(total).build();
        } else if (request instanceof GetItemRequest r) {
            return r.toBuilder().returnConsumedCapacity(total).build();
        } else if (request instanceof QueryRequest r) {
            return r.toBuilder().returnConsumedCapacity(total).build();
        } else if (request instanceof BatchGetItemRequest r) {
            return r.toBuilder().returnConsumedCapacity(total).build();
        }
        return request;
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        SdkResponse response = context.response();
        if (response instanceof PutItemResponse r) {
            add(writeUnits, r.consumedCapacity());
        } else if (response instanceof UpdateItemResponse r) {
            add(writeUnits, r.consumedCapacity());
        } else if (response instanceof DeleteItemResponse r) {
            add(writeUnits, r.consumedCapacity());
        } else if (response instanceof TransactWriteItemsResponse r) {
            add(writeUnits, r.consumedCapacity());
        } else if (response instanceof BatchWriteItemResponse r) {
            add(writeUnits, r.consumedCapacity());
        } else if (response instanceof GetItemResponse r) {
            add(readUnits, r.consumedCapacity());
        } else if (response instanceof QueryResponse r) {
            add(readUnits, r.consumedCapacity());
        } else if (response instanceof BatchGetItemResponse r) {
            add(readUnits, r.consumedCapacity());
        }
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        // a conditional write that failed is billed as a write of the item's size; DynamoDB does not report its units
        // on the error, so it is counted apart, as one call
        if (context.request() instanceof UpdateItemRequest || context.request() instanceof PutItemRequest
                || context.request() instanceof TransactWriteItemsRequest) {
            failedWrites.add(1);
        }
    }

    private static void add(DoubleAdder sum, ConsumedCapacity capacity) {
        if (capacity != null && capacity.capacityUnits() != null) {
            sum.add(capacity.capacityUnits());
        }
    }

    private static void add(DoubleAdder sum, List<ConsumedCapacity> capacities) {
        if (capacities != null) {
            capacities.forEach(c -> add(sum, c));
        }
    }

    public double writeUnits() {
        return writeUnits.sum();
    }

    public double readUnits() {
        return readUnits.sum();
    }

    /** Writes refused by their condition (each billed by DynamoDB at the item's size, at least 1 unit). */
    public double failedWrites() {
        return failedWrites.sum();
    }
}
