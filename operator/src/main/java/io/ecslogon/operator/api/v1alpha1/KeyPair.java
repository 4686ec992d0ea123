package io.ecslogon.operator.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** An SSH key pair: generated into a Secret the operator owns, or an imported public key. */
@Group(ApiGroup.GROUP)
@Version(ApiGroup.VERSION)
@ShortNames({"kp", "sshkey"})
@Categories(ApiGroup.CATEGORY)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Type", jsonPath = ".status.type", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Fingerprint", jsonPath = ".status.fingerprint", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Secret", jsonPath = ".status.secretName", type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class KeyPair extends CustomResource<KeyPairSpec, KeyPairStatus> implements Namespaced {}
