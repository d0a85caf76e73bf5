#include <gtest/gtest.h>

#include "printer_test_util.h"

namespace kubepp::api::printers_test {
namespace {

TEST(PersistentVolumePrinterTest, Cells) {
  const ResourceInfo r = Resource("", "v1", "persistentvolumes");
  EXPECT_EQ(ColumnNames(r),
            (std::vector<std::string>{"Name", "Capacity", "Access Modes", "Reclaim Policy",
                                      "Status", "Claim", "StorageClass", "VolumeAttributesClass",
                                      "Reason", "Age", "VolumeMode"}));
  EXPECT_EQ(ColumnPriorities(r).back(), 1);
  auto cells =
      Cells(r, R"({"metadata": {"name": "pv-1", "creationTimestamp": "2024-05-01T11:00:00Z"},
    "spec": {"capacity": {"storage": "10Gi"}, "accessModes": ["ReadWriteMany", "ReadWriteOnce", "ReadWriteOnce"],
             "persistentVolumeReclaimPolicy": "Retain", "storageClassName": "standard",
             "claimRef": {"namespace": "blog", "name": "data"}, "volumeMode": "Filesystem"},
    "status": {"phase": "Bound"}})");
  EXPECT_CELLS(cells,
               R"(["pv-1","10Gi","RWO,RWX","Retain","Bound","blog/data","standard","<unset>","",
                          "60m","Filesystem"])");
  auto deleting =
      Cells(r, R"({"metadata": {"name": "pv-2", "deletionTimestamp": "2024-05-01T11:00:00Z",
      "annotations": {"volume.beta.kubernetes.io/storage-class": "legacy"}},
    "spec": {"accessModes": ["ReadOnlyMany", "ReadWriteOncePod"], "storageClassName": "new"},
    "status": {"phase": "Released", "reason": "Failed"}})");
  EXPECT_EQ(deleting[1], "0");
  EXPECT_EQ(deleting[2], "ROX,RWOP");
  EXPECT_EQ(deleting[4], "Terminating");
  EXPECT_EQ(deleting[6], "legacy");
  EXPECT_EQ(deleting[8], "Failed");
  EXPECT_EQ(deleting[10], "<unset>");
}

TEST(PersistentVolumeClaimPrinterTest, BoundAndPending) {
  const ResourceInfo r = Resource("", "v1", "persistentvolumeclaims");
  EXPECT_EQ(ColumnNames(r), (std::vector<std::string>{
                                "Name", "Status", "Volume", "Capacity", "Access Modes",
                                "StorageClass", "VolumeAttributesClass", "Age", "VolumeMode"}));
  auto bound = Cells(r, R"({"metadata": {"name": "data"},
    "spec": {"volumeName": "pv-1", "storageClassName": "standard", "volumeMode": "Filesystem",
             "resources": {"requests": {"storage": "5Gi"}}},
    "status": {"phase": "Bound", "capacity": {"storage": "10Gi"}, "accessModes": ["ReadWriteOnce"]}})");
  EXPECT_CELLS(
      bound,
      R"(["data","Bound","pv-1","10Gi","RWO","standard","<unset>","<unknown>","Filesystem"])");
  auto pending = Cells(r, R"({"metadata": {"name": "p"},
    "spec": {"resources": {"requests": {"storage": "1Gi"}}}, "status": {"phase": "Pending"}})");
  EXPECT_CELLS(pending, R"(["p","Pending","","","","","<unset>","<unknown>","<unset>"])");
}

TEST(StorageClassPrinterTest, Cells) {
  const ResourceInfo r = Resource("storage.k8s.io", "v1", "storageclasses");
  EXPECT_EQ(ColumnNames(r),
            (std::vector<std::string>{"Name", "Provisioner", "ReclaimPolicy", "VolumeBindingMode",
                                      "AllowVolumeExpansion", "Age"}));
  auto def = Cells(r, R"({"metadata": {"name": "local-path",
      "annotations": {"storageclass.kubernetes.io/is-default-class": "true"}},
    "provisioner": "rancher.io/local-path", "reclaimPolicy": "Delete",
    "volumeBindingMode": "WaitForFirstConsumer"})");
  EXPECT_CELLS(
      def,
      R"j(["local-path (default)","rancher.io/local-path","Delete","WaitForFirstConsumer",false,"<unknown>"])j");
  auto bare = Cells(r, R"({"metadata": {"name": "fast"}, "provisioner": "csi.example.com",
    "allowVolumeExpansion": true})");
  EXPECT_CELLS(bare, R"(["fast","csi.example.com","Delete","Immediate",true,"<unknown>"])");
}

TEST(CsiPrintersTest, Cells) {
  EXPECT_CELLS(Cells(Resource("storage.k8s.io", "v1", "volumeattachments"),
                     R"({"metadata": {"name": "csi-1"}, "spec": {"attacher": "csi.example.com",
                         "source": {"persistentVolumeName": "pv-1"}, "nodeName": "n1"},
                         "status": {"attached": true}})"),
               R"(["csi-1","csi.example.com","pv-1","n1",true,"<unknown>"])");
  EXPECT_CELLS(Cells(Resource("storage.k8s.io", "v1", "csinodes"),
                     R"({"metadata": {"name": "n1"}, "spec": {"drivers": [{"name": "a"}]}})"),
               R"(["n1",1,"<unknown>"])");
  EXPECT_CELLS(
      Cells(
          Resource("storage.k8s.io", "v1", "csidrivers"),
          R"({"metadata": {"name": "d"}, "spec": {"tokenRequests": [{"audience": "a"}, {"audience": "b"}],
                         "volumeLifecycleModes": ["Persistent", "Ephemeral"]}})"),
      R"(["d",true,false,false,"a,b",false,"Persistent,Ephemeral","<unknown>"])");
  EXPECT_CELLS(
      Cells(Resource("storage.k8s.io", "v1", "csidrivers"), R"({"metadata": {"name": "d"}})"),
      R"(["d",true,false,false,"<unset>",false,"<none>","<unknown>"])");
  // Upstream's CSIStorageCapacity store uses the default convertor.
  EXPECT_FALSE(HasTablePrinter(Resource("storage.k8s.io", "v1", "csistoragecapacities")));
}

}  // namespace
}  // namespace kubepp::api::printers_test
