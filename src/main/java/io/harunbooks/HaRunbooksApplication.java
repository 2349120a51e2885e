package io.harunbooks;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class HaRunbooksApplication {

    public static void main(String[] args) {
        SpringApplication.run(HaRunbooksApplication.class, args);
    }
}
