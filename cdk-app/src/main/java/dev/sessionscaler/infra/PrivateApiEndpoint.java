package dev.sessionscaler.infra;

import dev.sessionscaler.core.config.DeploymentConfig;
import java.util.List;
import software.amazon.awscdk.services.ec2.FlowLog;
import software.amazon.awscdk.services.ec2.FlowLogResourceType;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpoint;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ec2.VpcAttributes;
import software.constructs.Construct;

/**
 * The interface VPC endpoint through which the applications reach the private session-events API: in the
 * VPC the configuration names, or else in a small VPC made for it (isolated subnets, no NAT, flow logs).
 */
public final class PrivateApiEndpoint extends Construct {
    public final InterfaceVpcEndpoint endpoint;

    public PrivateApiEndpoint(Construct scope, String id, DeploymentConfig.VpcConfig existing) {
        super(scope, id);
        IVpc vpc;
        SubnetSelection subnets;
        if (existing != null) {
            vpc = Vpc.fromVpcAttributes(this, "Vpc", VpcAttributes.builder().vpcId(existing.vpcId())
                    .availabilityZones(existing.availabilityZones()).privateSubnetIds(existing.privateSubnetIds()).build());
            subnets = SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build();
        } else {
            Vpc own = Vpc.Builder.create(this, "Vpc").maxAzs(2).natGateways(0)
                    .subnetConfiguration(List.of(SubnetConfiguration.builder().name("endpoints")
                            .subnetType(SubnetType.PRIVATE_ISOLATED).cidrMask(24).build()))
                    .build();
            FlowLog.Builder.create(this, "FlowLog").resourceType(FlowLogResourceType.fromVpc(own)).build();
            vpc = own;
            subnets = SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build();
        }
        endpoint = InterfaceVpcEndpoint.Builder.create(this, "ExecuteApi").vpc(vpc)
                .service(InterfaceVpcEndpointAwsService.APIGATEWAY).privateDnsEnabled(true).subnets(subnets).build();
    }
}
