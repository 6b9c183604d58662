package dev.orderflow.telemetry.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class ServiceHeartbeatRepository implements PanacheRepositoryBase<ServiceHeartbeatEntity, ServiceHeartbeatEntity.Key> {

    public List<ServiceHeartbeatEntity> listByService() {
        return listAll(Sort.by("id.service").and("id.instance"));
    }
}
