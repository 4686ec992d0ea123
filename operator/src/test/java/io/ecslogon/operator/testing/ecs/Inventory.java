package io.ecslogon.operator.testing.ecs;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** The emulated instances, by ID, in the order they were added. */
final class Inventory {
  private final Map<String, EmulatedInstance> instances = new ConcurrentHashMap<>();
  private final List<EmulatedInstance> inOrder = new CopyOnWriteArrayList<>();

  void add(EmulatedInstance instance) {
    if (instances.putIfAbsent(instance.instanceId(), instance) != null) {
      throw new IllegalArgumentException("instance " + instance.instanceId() + " was added already");
    }
    inOrder.add(instance);
  }

  /** The instance, or ECS's 404 InvalidInstanceId.NotFound. */
  EmulatedInstance find(String instanceId) {
    EmulatedInstance instance = instances.get(instanceId);
    if (instance == null) {
      throw EcsApiException.instanceNotFound(instanceId);
    }
    return instance;
  }

  EmulatedInstance findOrNull(String instanceId) {
    return instances.get(instanceId);
  }

  List<EmulatedInstance> inRegion(String regionId) {
    return inOrder.stream().filter(i -> i.regionId().equals(regionId)).toList();
  }
}
