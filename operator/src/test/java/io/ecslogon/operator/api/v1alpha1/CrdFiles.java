package io.ecslogon.operator.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns the crd-generator's output into the YAML committed in {@code crds/}.
 *
 * <p>The one change: fabric8's generator (7.5) sorts printer columns by JSON path, which puts AGE
 * first (fabric8io/kubernetes-client#7454). kubectl shows columns in the order the CRD lists them,
 * so the columns are put back in the order the {@link AdditionalPrinterColumn} annotations are
 * declared on the kind's class. Everything else is the generator's, unchanged.
 */
final class CrdFiles {
  static final String HEADER = "# Generated from operator/src/main/java/io/ecslogon/operator/api/v1alpha1 by"
      + " hack/update-crds.sh. Do not edit.\n";

  private CrdFiles() {}

  /** The committed file name for a CRD: {@code <plural>.<group>.yaml}. */
  static String fileName(CustomResourceDefinition crd) {
    return crd.getMetadata().getName() + ".yaml";
  }

  static String render(String generatedYaml) {
    CustomResourceDefinition crd = Serialization.unmarshal(generatedYaml, CustomResourceDefinition.class);
    orderPrinterColumnsAsDeclared(crd);
    return HEADER + Serialization.asYaml(crd);
  }

  static void orderPrinterColumnsAsDeclared(CustomResourceDefinition crd) {
    List<String> declared = declaredColumnPaths(kindClass(crd));
    Comparator<CustomResourceColumnDefinition> byDeclaration = Comparator.comparingInt(column -> {
      int index = declared.indexOf(column.getJsonPath());
      // Columns from @PrinterColumn on fields have no class-level declaration: keep them after.
      return index < 0 ? declared.size() : index;
    });
    for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
      if (version.getAdditionalPrinterColumns() != null) {
        List<CustomResourceColumnDefinition> columns = new ArrayList<>(version.getAdditionalPrinterColumns());
        columns.sort(byDeclaration);
        version.setAdditionalPrinterColumns(columns);
      }
    }
  }

  private static List<String> declaredColumnPaths(Class<?> kind) {
    return List.of(kind.getAnnotationsByType(AdditionalPrinterColumn.class)).stream()
        .map(AdditionalPrinterColumn::jsonPath)
        .toList();
  }

  private static Class<?> kindClass(CustomResourceDefinition crd) {
    String className = ApiGroup.class.getPackageName() + "." + crd.getSpec().getNames().getKind();
    try {
      return Class.forName(className);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("CRD " + crd.getMetadata().getName() + " has no class " + className, e);
    }
  }
}
