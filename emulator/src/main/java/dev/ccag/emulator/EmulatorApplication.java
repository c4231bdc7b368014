package dev.ccag.emulator;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class EmulatorApplication {
    public static void main(String[] args) {
        SpringApplication.run(EmulatorApplication.class, args);
    }
}
